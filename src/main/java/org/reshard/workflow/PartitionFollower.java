package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.plan.PlanStep;
import org.reshard.shard.PostgresCatalog;
import org.reshard.shard.PostgresCatalog.Partition;
import org.reshard.state.ReshardingStateStore.Durability;

/**
 * PostgreSQL partitioned tables: the copy and the applier read and write through the parent table, and the
 * capture and fence triggers on the parent are cloned onto every partition, including one created or attached
 * later (PostgreSQL 13+). What is left is the partitions themselves: every source partition must exist on
 * the targets before rows of it arrive there, and a partition attached with rows in it brings rows no trigger
 * saw. This class records each source table's partitions at planning and, whenever it looks again, creates
 * new ones on the step's targets and logs an attached partition's moving rows in the changelog. A partition
 * detached or dropped during the operation stops it with {@code reshard.schema_changed}.
 */
final class PartitionFollower {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private PartitionFollower() {
    }

    /** The state key under which a source table's partition names are recorded. */
    static String key(String source, String table) {
        return source + "/" + table + "#partitions";
    }

    /** Records the partitions of every PostgreSQL source table (planning). */
    static void record(OperationContext context) throws SQLException {
        for (String source : context.sources()) {
            if (!postgres(context, source)) {
                continue;
            }
            try (Connection c = context.connect(source)) {
                for (String table : context.plan.tables()) {
                    String names = PostgresCatalog.partitionNames(PostgresCatalog.partitions(c, table));
                    context.update(b -> b.sourceSchema(key(source, table), names), Durability.CHECKPOINT);
                }
            }
        }
    }

    /** Creates the source's partitions on a step's target table, when that table is partitioned (copy start). */
    static void createOnTarget(OperationContext context, PlanStep step) throws SQLException {
        if (!postgres(context, step.sourceShard())) {
            return;
        }
        List<Partition> partitions;
        try (Connection source = context.connect(step.sourceShard())) {
            partitions = PostgresCatalog.partitions(source, step.table());
        }
        try (Connection target = context.connect(step.targetShard())) {
            List<String> created = PostgresCatalog.createPartitions(target, step.table(), partitions);
            if (!created.isEmpty()) {
                context.event("created " + created.size() + " partitions of " + step.table() + " on " + step.targetShard()
                        + ": " + String.join(", ", created));
            }
        }
    }

    /** {@link #follow} at most once a second, for loops (copy batches, replication rounds). */
    static void followNowAndThen(OperationContext context, boolean captureInstalled) throws SQLException {
        if (System.nanoTime() - context.partitionsFollowedAt > INTERVAL_NANOS) {
            follow(context, captureInstalled);
        }
    }

    /**
     * Looks for partitions attached or detached since they were recorded: new ones are created on the targets and,
     * with capture installed, their moving rows are logged; a missing one stops the operation.
     */
    static void follow(OperationContext context, boolean captureInstalled) throws SQLException {
        context.partitionsFollowedAt = System.nanoTime();
        for (String source : context.sources()) {
            if (!postgres(context, source)) {
                continue;
            }
            for (String table : context.plan.tables()) {
                String recorded = context.state().sourceSchemas().get(key(source, table));
                List<Partition> now;
                try (Connection c = context.connect(source)) {
                    now = PostgresCatalog.partitions(c, table);
                }
                String names = PostgresCatalog.partitionNames(now);
                if (recorded == null || recorded.equals(names)) {
                    continue;
                }
                Set<String> before = recorded.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(recorded.split(",")));
                List<String> gone = before.stream().filter(n -> now.stream().noneMatch(p -> p.name().equals(n))).toList();
                if (!gone.isEmpty()) {
                    throw new PhaseFailure(ReshardError.of(ErrorCode.SCHEMA_CHANGED, "partition " + String.join(", ", gone) + " of table "
                            + table + " on shard " + source + " was detached or dropped during the operation; its rows are no longer"
                            + " part of " + table + " there, so they cannot be moved or verified — roll back, and start again"
                            + " once the partitioning is done"));
                }
                List<Partition> added = now.stream().filter(p -> !before.contains(p.name())).toList();
                for (PlanStep step : context.stepsFrom(source)) {
                    if (!step.table().equals(table)) {
                        continue;
                    }
                    try (Connection target = context.connect(step.targetShard())) {
                        PostgresCatalog.createPartitions(target, table, now);
                    } catch (SQLException e) {
                        throw new PhaseFailure(ReshardError.of(ErrorCode.SCHEMA_CHANGED, "table " + table + " on shard " + source
                                + " gained partition " + String.join(", ", added.stream().map(Partition::name).toList())
                                + " during the operation, and shard " + step.targetShard() + " cannot follow: " + e.getMessage()
                                + " — create the partition there by hand and resume, or roll back"));
                    }
                }
                boolean logical = context.capture(source).method() == org.reshard.cdc.CaptureMethod.LOGICAL;
                if (captureInstalled && logical && context.state().phase() == org.reshard.state.ReshardingPhase.COPYING) {
                    // Applying during the copy could write rows ahead of its cursor; Replicating finds the partition new and moves them.
                    continue;
                }
                if (captureInstalled) {
                    for (Partition p : added) {
                        context.capture(source).logPartitionRows(table, p.name());
                    }
                    if (logical) {
                        // Logical capture queued them in memory: applied now, before the state records the partition as followed.
                        context.applier(source).drain(context.options.batchSize(), System.nanoTime() + 30_000_000_000L);
                    }
                }
                List<String> addedNames = new ArrayList<>(added.stream().map(Partition::name).toList());
                context.update(b -> b.sourceSchema(key(source, table), names), Durability.CHECKPOINT);
                context.event("table " + table + " on shard " + source + " gained partition " + String.join(", ", addedNames)
                        + "; created on the targets, its rows follow");
            }
        }
    }

    /** PostgreSQL's "no partition of relation … found for row" (check_violation): a target lacks a partition. */
    static boolean missingPartition(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23514".equals(s.getSQLState()) && String.valueOf(s.getMessage()).contains("no partition")) {
                return true;
            }
        }
        return false;
    }

    private static boolean postgres(OperationContext context, String shard) {
        return context.pools.dialect(shard).name().equals("PostgreSQL");
    }
}
