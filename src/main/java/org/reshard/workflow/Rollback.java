package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import org.reshard.plan.PlanStep;
import org.reshard.shard.SqlDialect;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingStateStore.Durability;
import org.reshard.state.RollbackStatus;
import org.reshard.topology.TopologyRegistry;

/**
 * Undoes an operation that has not published its topology: fences and change capture off the sources,
 * created target tables dropped, copied rows deleted from tables that existed, and the registry entry
 * removed if this operation wrote it. Every step is idempotent, so a rollback interrupted by a crash
 * is simply run again.
 */
final class Rollback {

    private Rollback() {
    }

    static void run(OperationContext context) throws SQLException {
        context.update(b -> b.rollback(RollbackStatus.RUNNING, null), Durability.PHASE_TRANSITION);
        for (String source : context.sources()) {
            context.activity("rollback: removing fences and change capture from " + source);
            var capture = context.capture(source);
            capture.removeFence();
            context.removeCapture(source);
        }
        for (String target : context.targets()) {
            // A switch back leaves fences and, until it finishes, reverse capture on the targets.
            var reverse = context.reverseCapture(target);
            reverse.removeFence();
            reverse.remove();
        }
        FaultPoints.reach("rollback.capture-removed");
        Set<String> dropped = new LinkedHashSet<>();
        // Children before parents (foreign keys), so no shard holds a copied child without its parent in between.
        TableOrder order = context.tableOrder();
        for (PlanStep step : context.plan.steps().stream()
                .sorted(java.util.Comparator.comparing(PlanStep::table, order.parentsFirstComparator().reversed())).toList()) {
            String table = step.targetShard() + "/" + step.table();
            if (createdByUs(context, step)) {
                if (dropped.add(table)) {
                    context.activity("rollback: dropping table " + step.table() + " created on " + step.targetShard());
                    execute(context, step.targetShard(), "DROP TABLE IF EXISTS " + context.pools.dialect(step.targetShard()).quote(step.table()));
                }
            } else {
                deleteCopied(context, step);
            }
        }
        java.util.List<Long> written = new java.util.ArrayList<>(context.state().publishedVersions());
        Long registered = context.state().registeredVersion();
        if (registered != null) {
            written.add(registered);
        }
        // After a switch back the registry holds the new topology and the old one again: both go in one transaction.
        if (new TopologyRegistry(context.plan.from().registryUrl()).withdrawAll(written)) {
            context.event("removed registry version" + (written.size() == 1 ? " " : "s ") + written + ", which this operation had written");
        } else if (!context.state().publishedVersions().isEmpty()) {
            context.event("registry versions " + written + " stay: another topology was published after them; the old topology is active");
        }
        context.update(b -> b.interruptTo(ReshardingPhase.ROLLED_BACK, context.now()).rollback(RollbackStatus.DONE, null),
                Durability.PHASE_TRANSITION);
        context.event("rolled back: the shards and the registry are as they were before the operation");
    }

    private static boolean createdByUs(OperationContext context, PlanStep step) {
        return context.plan.steps().stream()
                .filter(s -> s.targetShard().equals(step.targetShard()) && s.table().equals(step.table()))
                .anyMatch(s -> context.state().step(s.index()).targetTableCreated());
    }

    /** Deletes the step's rows from a target table that existed before, in batches. */
    private static void deleteCopied(OperationContext context, PlanStep step) throws SQLException {
        SqlDialect dialect = context.pools.dialect(step.targetShard());
        try (Connection c = context.connect(step.targetShard())) {
            if (dialect.describe(c, step.table()).isEmpty()) {
                return;
            }
        }
        context.activity("rollback: deleting copied rows of " + step.table() + " from " + step.targetShard());
        var spec = context.table(step.table());
        String keys = String.join(", ", spec.primaryKey().stream().map(dialect::quote).toList());
        String table = dialect.quote(step.table());
        String delete = "DELETE FROM " + table + " WHERE (" + keys + ") IN (SELECT " + keys + " FROM " + table + " WHERE "
                + dialect.inRanges(dialect.quote(spec.shardKey()), step.ranges()) + " LIMIT " + context.options.batchSize() + ")";
        // Nothing copied (an operation refused by pre-flight, perhaps for the very privilege replica mode needs): nothing to write.
        try (Connection c = context.connect(step.targetShard()); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT 1 FROM " + table + " WHERE "
                     + dialect.inRanges(dialect.quote(spec.shardKey()), step.ranges()) + " LIMIT 1")) {
            if (!r.next()) {
                return;
            }
        }
        int deleted;
        do {
            try (Connection c = context.connect(step.targetShard()); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                try {
                    // As a replica (PostgreSQL): the target's own delete triggers and foreign-key actions do not fire on copied rows.
                    for (String setting : dialect.rowWriteSettings()) {
                        s.execute(setting);
                    }
                    deleted = s.executeUpdate(delete);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } while (deleted > 0);
    }

    private static void execute(OperationContext context, String shard, String sql) throws SQLException {
        try (Connection c = context.connect(shard); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
