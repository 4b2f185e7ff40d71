package org.reshard.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.reshard.common.ErrorCode;
import org.reshard.common.Redaction;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;

/** Turns a {@link ReshardingRequest} into a {@link ReshardingPlan}: the diff of the two topologies, estimated on the shards. */
public final class Planner {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final CopyRate rate;

    /** A planner that estimates durations at the assumed rate. */
    public Planner() {
        this(Clock.systemUTC(), CopyRate.ASSUMED);
    }

    public Planner(Clock clock, CopyRate rate) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rate = Objects.requireNonNull(rate, "rate");
    }

    public Result<ReshardingPlan> plan(ReshardingRequest request) {
        Topology from = request.from();
        Topology to = request.to();
        List<String> problems = new ArrayList<>();
        List<TableSpec> tables = tables(request, problems);
        sameShardsSameDatabases(from, to, problems);
        if (!problems.isEmpty()) {
            return Result.failure(ReshardError.of(ErrorCode.PLAN_GENERATION_FAILED,
                    "cannot plan " + from.name() + " → " + to.name(), problems));
        }
        List<RangeMove> moves = TopologyDiff.moves(from.partition(), to.partition());
        if (moves.isEmpty()) {
            if (from.sameLayoutAs(to)) {
                return Result.failure(ErrorCode.TOPOLOGIES_IDENTICAL, "topologies " + from.describeSource() + " and "
                        + to.describeSource() + " are identical — load the target topology you want to move to");
            }
            return Result.failure(ErrorCode.EMPTY_PLAN, "no hash range changes owner between " + from.name() + " and "
                    + to.name() + ", so there is nothing to move — change the routing or the shard list of the target topology");
        }
        try (ShardPools pools = new ShardPools(from.shards())) {
            return steps(pools, from, tables, moves).map(steps -> new ReshardingPlan(newId(), clock.instant(), from, to,
                    tables.stream().map(TableSpec::name).toList(), steps, estimate(steps, moves)));
        }
    }

    private Result<List<PlanStep>> steps(ShardPools pools, Topology from, List<TableSpec> tables, List<RangeMove> moves) {
        Map<String, Double> shares = from.partition().shareByShard();
        RowEstimator estimator = new RowEstimator(pools);
        List<PlanStep> steps = new ArrayList<>();
        for (TableSpec table : tables) {
            for (String source : from.shardIds()) {
                List<RangeMove> outgoing = moves.stream().filter(m -> m.sourceShard().equals(source)).toList();
                if (outgoing.isEmpty()) {
                    continue;
                }
                Result<List<StepEstimate>> estimates = estimator.estimate(table, source, outgoing, shares.getOrDefault(source, 0.0));
                if (estimates instanceof Result.Failure<List<StepEstimate>> failure) {
                    return Result.failure(planFailure(failure.error(), source));
                }
                List<StepEstimate> values = estimates.orElseThrow();
                for (int i = 0; i < outgoing.size(); i++) {
                    RangeMove move = outgoing.get(i);
                    StepEstimate e = values.get(i);
                    steps.add(new PlanStep(steps.size() + 1, table.name(), source, move.targetShard(), move.ranges(),
                            e.rows(), e.bytes(), e.method()));
                }
            }
        }
        return Result.ok(steps);
    }

    private static ReshardError planFailure(ReshardError error, String source) {
        if (error.code() == ErrorCode.PLAN_GENERATION_FAILED) {
            return error;
        }
        return ReshardError.of(ErrorCode.PLAN_GENERATION_FAILED, "could not estimate the rows to move from shard " + source)
                .causedBy(error);
    }

    private PlanEstimate estimate(List<PlanStep> steps, List<RangeMove> moves) {
        long rows = steps.stream().mapToLong(PlanStep::estimatedRows).sum();
        long bytes = steps.stream().mapToLong(PlanStep::estimatedBytes).sum();
        double share = moves.stream().mapToDouble(RangeMove::fraction).sum();
        Duration duration = Duration.ofMillis(Math.max(1000, rows * 1000 / rate.rowsPerSecond()));
        return new PlanEstimate(rows, bytes, duration, share, rate);
    }

    /** The tables to move: the request's (or all of the target's), each defined alike in both topologies. */
    private static List<TableSpec> tables(ReshardingRequest request, List<String> problems) {
        Topology from = request.from();
        Topology to = request.to();
        List<String> names = request.tables().isEmpty() ? to.tables().stream().map(TableSpec::name).toList() : request.tables();
        List<TableSpec> tables = new ArrayList<>();
        for (String name : names) {
            var before = from.table(name);
            var after = to.table(name);
            if (before.isEmpty() || after.isEmpty()) {
                problems.add("table " + name + " is not listed in " + (before.isEmpty() ? from.describeSource() : to.describeSource())
                        + " — list it in both topologies or leave it out with --tables");
            } else if (!before.get().equals(after.get())) {
                problems.add("table " + name + " has shard key " + before.get().shardKey() + " " + before.get().primaryKey()
                        + " in " + from.describeSource() + " but " + after.get().shardKey() + " " + after.get().primaryKey()
                        + " in " + to.describeSource() + " — changing the shard key or primary key is not a resharding");
            } else {
                tables.add(after.get());
            }
        }
        return tables;
    }

    /**
     * A shard id in both topologies must name the same database, and a database must keep its id, or rows
     * would be "moved" to where they already are (and cleanup would then delete them).
     */
    private static void sameShardsSameDatabases(Topology from, Topology to, List<String> problems) {
        for (ShardSpec before : from.shards()) {
            to.shard(before.id()).filter(after -> !after.url().equals(before.url())).ifPresent(after ->
                    problems.add("shard " + before.id() + " is " + Redaction.maskUrl(before.url()) + " in " + from.describeSource() + " but "
                            + Redaction.maskUrl(after.url()) + " in " + to.describeSource() + " — one id must name one database in both topologies"));
            to.shards().stream().filter(after -> !after.id().equals(before.id()) && after.url().equals(before.url())).forEach(after ->
                    problems.add("shard " + before.id() + " in " + from.describeSource() + " and shard " + after.id() + " in "
                            + to.describeSource() + " are the same database " + Redaction.maskUrl(before.url())
                            + " — one database must keep one id in both topologies"));
        }
    }


    private String newId() {
        return "rs-" + ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
