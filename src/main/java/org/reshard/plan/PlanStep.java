package org.reshard.plan;

import java.util.List;
import org.reshard.topology.HashRange;

/** One unit of copying: a table's rows in some hash ranges, from a source shard to a target shard. */
public record PlanStep(int index, String table, String sourceShard, String targetShard, List<HashRange> ranges,
                       long estimatedRows, long estimatedBytes, EstimateMethod estimateMethod) {

    public PlanStep {
        ranges = List.copyOf(ranges);
    }

    public double hashFraction() {
        return ranges.stream().mapToDouble(HashRange::fraction).sum();
    }
}
