package org.reshard.plan;

import java.time.Instant;
import java.util.List;
import org.reshard.topology.Topology;

/** What a resharding will do: the steps that move data, with estimates; computing it touches nothing. */
public record ReshardingPlan(String id, Instant createdAt, Topology from, Topology to, List<String> tables,
                             List<PlanStep> steps, PlanEstimate estimate) {

    public ReshardingPlan {
        tables = List.copyOf(tables);
        steps = List.copyOf(steps);
    }
}
