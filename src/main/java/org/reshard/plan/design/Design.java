package org.reshard.plan.design;

import java.util.List;
import org.reshard.plan.RangeMove;
import org.reshard.topology.Topology;

/**
 * A designed target topology, validated as the loader validates a file, with its JSON text (what a file
 * would hold), the moves from the current topology and their estimate.
 */
public record Design(Topology topology, String json, List<RangeMove> moves, DesignEstimate estimate) {

    public Design {
        moves = List.copyOf(moves);
    }
}
