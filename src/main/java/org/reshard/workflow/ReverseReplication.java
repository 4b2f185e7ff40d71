package org.reshard.workflow;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reshard.cdc.AppliedChanges;
import org.reshard.cdc.ChangeBacklog;
import org.reshard.cdc.ChangeRoute;
import org.reshard.plan.PlanStep;
import org.reshard.state.ReshardingStateStore.Durability;

/**
 * After cutover, until cleanup: what applications write to the moved rows on their new owners is applied
 * back to the copies the old owners keep, so a switch back loses nothing. Reverse capture is installed on
 * the targets inside the write pause, just before the publish, and removed before cleanup deletes anything.
 */
final class ReverseReplication {

    private ReverseReplication() {
    }

    /** Installs reverse capture on every target (idempotent); inside the write pause, before the publish. */
    static void install(OperationContext context) throws SQLException {
        for (String target : context.targets()) {
            context.reverseCapture(target).install();
        }
    }

    /** Removes reverse capture from every target (idempotent). */
    static void remove(OperationContext context) throws SQLException {
        for (String target : context.targets()) {
            context.reverseCapture(target).remove();
        }
    }

    /** Removes reverse capture from every target that answers; returns the ones that did not. */
    static java.util.List<String> removeWhereReachable(OperationContext context) {
        java.util.List<String> left = new java.util.ArrayList<>();
        for (String target : context.targets()) {
            // A fresh connection tells at once whether the shard answers; the pool would wait out its connection timeout.
            if (context.pools.probe(target) instanceof org.reshard.common.Result.Failure<?>) {
                left.add(target);
                continue;
            }
            try {
                context.reverseCapture(target).remove();
            } catch (SQLException | RuntimeException e) {
                left.add(target);
            }
        }
        return left;
    }

    /** One apply batch per target, then the backlogs; saves each step's reversed rows and reverse lag; returns the largest lag. */
    static long round(OperationContext context) throws SQLException {
        Map<String, AppliedChanges> applied = new LinkedHashMap<>();
        Map<String, ChangeBacklog> backlogs = new LinkedHashMap<>();
        for (String target : context.targets()) {
            applied.put(target, context.reverseApplier(target).applyNext(context.options.batchSize()));
            backlogs.put(target, context.reverseCapture(target).backlog());
        }
        boolean changed = false;
        for (PlanStep step : context.plan.steps()) {
            var progress = context.state().step(step.index());
            changed |= rows(applied, step) > 0 || progress.reverseLagMs() != backlogs.get(step.targetShard()).lagMs();
        }
        if (changed) {
            context.update(b -> {
                for (PlanStep step : context.plan.steps()) {
                    var progress = context.state().step(step.index());
                    b.step(progress.withReverse(progress.rowsReversed() + rows(applied, step), backlogs.get(step.targetShard()).lagMs()));
                }
                return b;
            }, Durability.CHECKPOINT);
        }
        return backlogs.values().stream().mapToLong(ChangeBacklog::lagMs).max().orElse(0);
    }

    /** Applies rounds until every target's reverse changelog is empty or the deadline passes; true when empty. */
    static boolean drain(OperationContext context, long deadlineNanos) throws SQLException {
        while (true) {
            round(context);
            long pending = 0;
            for (String target : context.targets()) {
                pending += context.reverseCapture(target).backlog().pending();
            }
            if (pending == 0) {
                return true;
            }
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
        }
    }

    private static int rows(Map<String, AppliedChanges> applied, PlanStep step) {
        return applied.get(step.targetShard()).rowsFor(new ChangeRoute(step.table(), step.sourceShard(), step.ranges()));
    }
}
