package org.reshard.cdc;

import java.util.List;
import org.reshard.topology.HashRange;

/** Where captured changes of a table go: rows whose hash falls in {@code ranges} belong on {@code targetShard}. */
public record ChangeRoute(String table, String targetShard, List<HashRange> ranges) {

    public ChangeRoute {
        ranges = List.copyOf(ranges);
    }

    public boolean covers(long hash) {
        for (HashRange range : ranges) {
            if (range.contains(hash)) {
                return true;
            }
        }
        return false;
    }
}
