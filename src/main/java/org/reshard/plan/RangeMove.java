package org.reshard.plan;

import java.util.List;
import org.reshard.topology.HashRange;

/** Hash ranges whose owner changes from one shard to another; adjacent ranges are merged. */
public record RangeMove(String sourceShard, String targetShard, List<HashRange> ranges) {

    public RangeMove {
        ranges = List.copyOf(ranges);
    }

    public double fraction() {
        return ranges.stream().mapToDouble(HashRange::fraction).sum();
    }
}
