package org.reshard.ui.diff;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.reshard.plan.CopyRate;
import org.reshard.plan.EstimateMethod;
import org.reshard.plan.PlanEstimate;
import org.reshard.plan.PlanStep;
import org.reshard.plan.RangeMove;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.TopologyDiff;
import org.reshard.topology.Routing;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;

/** Topologies and plans for the diff screen's tests, built in memory: no files, no databases. */
final class DiffFixtures {

    /** Rows per shard of the demo workspace (reshard demo init, 200,000 orders). */
    static final Map<String, Long> DEMO_ROWS = Map.of("shard-0", 99_944L, "shard-1", 100_056L);

    private DiffFixtures() {
    }

    /** {@code count} shards named shard-0 … with the hash space split evenly. */
    static Topology equalRanges(String name, int count) {
        return topology(name, new Routing.HashRanges(List.of(), true), count);
    }

    /** {@code count} shards on a consistent-hashing ring. */
    static Topology ring(String name, int count, int virtualNodes) {
        return topology(name, new Routing.HashRing(virtualNodes), count);
    }

    /** A plan for the orders table with the given rows per source → target move, in diff order. */
    static ReshardingPlan plan(Topology from, Topology to, Map<ShardPair, Long> rowsByPair, String... tables) {
        List<RangeMove> moves = TopologyDiff.moves(from.partition(), to.partition());
        List<String> tableNames = tables.length == 0 ? List.of("orders") : List.of(tables);
        List<PlanStep> steps = new ArrayList<>();
        for (String table : tableNames) {
            for (RangeMove move : moves) {
                long rows = rowsByPair.getOrDefault(new ShardPair(move.sourceShard(), move.targetShard()), 0L);
                steps.add(new PlanStep(steps.size() + 1, table, move.sourceShard(), move.targetShard(), move.ranges(),
                        rows, rows * 100, EstimateMethod.COUNT));
            }
        }
        long total = steps.stream().mapToLong(PlanStep::estimatedRows).sum();
        PlanEstimate estimate = new PlanEstimate(total, total * 100, Duration.ofSeconds(2),
                TopologyDiff.movedShare(from.partition(), to.partition()), CopyRate.ASSUMED);
        return new ReshardingPlan("rs-test", Instant.parse("2026-11-23T08:49:37Z"), from, to, tableNames, steps, estimate);
    }

    /** The demo's plan: what {@code reshard plan} printed for the 2 → 3 demo. */
    static ReshardingPlan demoPlan(Topology from, Topology to) {
        return plan(from, to, Map.of(new ShardPair("shard-0", "shard-1"), 33_554L, new ShardPair("shard-1", "shard-2"), 66_764L));
    }

    /** Roughly equal made-up row counts for shard-0 … shard-(count-1). */
    static Map<String, Long> rows(int count) {
        return IntStream.range(0, count).boxed()
                .collect(Collectors.toMap(i -> "shard-" + i, i -> 250_000L + 1_337L * i));
    }

    private static Topology topology(String name, Routing routing, int count) {
        List<ShardSpec> shards = IntStream.range(0, count)
                .mapToObj(i -> new ShardSpec("shard-" + i, "jdbc:sqlite:shard-" + i + ".db")).toList();
        return Topology.of(name, null, "jdbc:sqlite:registry.db", routing, shards,
                List.of(new TableSpec("orders", "customer_id", List.of("id"))));
    }
}
