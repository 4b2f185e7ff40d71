package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import org.reshard.plan.PlanStep;
import org.reshard.shard.TableSchema;
import org.reshard.state.ReshardingStateStore.Durability;

/** Pre-flight findings that do not stop an operation: saved as the operation's warnings ("note: …") and logged. */
final class PreflightNotes {

    static final String PREFIX = "note: ";

    private PreflightNotes() {
    }

    /** Compares a step's existing target table with its source; constraints and triggers too on PostgreSQL. */
    static TargetDrift.Drift drift(OperationContext context, PlanStep step, TableSchema source, TableSchema target,
                                   Connection targetConnection) throws SQLException {
        if (!context.pools.dialect(step.targetShard()).name().equals("PostgreSQL")) {
            return TargetDrift.compare(source, target, step.sourceShard(), step.targetShard(), null, null);
        }
        try (Connection sourceConnection = context.connect(step.sourceShard())) {
            return TargetDrift.compare(source, target, step.sourceShard(), step.targetShard(), sourceConnection, targetConnection);
        }
    }

    /** Saves the notes not saved yet (a resumed planning does not repeat them). */
    static void record(OperationContext context, List<String> notes) {
        List<String> fresh = new LinkedHashSet<>(notes).stream().map(n -> PREFIX + n)
                .filter(n -> !context.state().warnings().contains(n)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        context.update(b -> {
            fresh.forEach(b::warning);
            return b;
        }, Durability.PHASE_TRANSITION);
        fresh.forEach(context::event);
    }
}
