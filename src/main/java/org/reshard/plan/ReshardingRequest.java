package org.reshard.plan;

import java.util.List;
import java.util.Objects;
import org.reshard.topology.Topology;

/** Move from the current topology to the target one, for the named tables (all when empty). */
public record ReshardingRequest(Topology from, Topology to, List<String> tables) {

    public ReshardingRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        tables = List.copyOf(tables);
    }

    public ReshardingRequest(Topology from, Topology to) {
        this(from, to, List.of());
    }
}
