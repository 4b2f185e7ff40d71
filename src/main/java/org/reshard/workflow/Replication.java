package org.reshard.workflow;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reshard.cdc.AppliedChanges;
import org.reshard.cdc.ChangeBacklog;
import org.reshard.plan.PlanStep;
import org.reshard.state.ReshardingState;
import org.reshard.state.ReshardingStateStore.Durability;

/** Rounds of change application over all sources, with the counters and lag saved after each round. */
final class Replication {

    /** A capture position alone (nothing applied) is saved at most this often. */
    private static final long POSITION_SAVE_NANOS = 5_000_000_000L;
    /** A lag that moved less than this since it was saved is not saved again. */
    private static final long LAG_STEP_MS = 100;

    private Replication() {
    }

    /** One apply batch per source, then the backlog; returns the largest lag in milliseconds. */
    static long round(OperationContext context) throws SQLException {
        Map<String, AppliedChanges> applied = new LinkedHashMap<>();
        Map<String, ChangeBacklog> backlogs = new LinkedHashMap<>();
        long started = System.nanoTime();
        PartitionFollower.followNowAndThen(context, true);
        for (String source : context.sources()) {
            AppliedChanges next;
            try {
                next = context.applier(source).applyNext(context.options.batchSize());
            } catch (SQLException e) {
                if (!PartitionFollower.missingPartition(e)) {
                    throw e;
                }
                // A partition attached since the last look: create it on the targets, then apply again.
                PartitionFollower.follow(context, true);
                next = context.applier(source).applyNext(context.options.batchSize());
            }
            applied.put(source, next);
            backlogs.put(source, context.capture(source).backlog());
        }
        Map<String, Long> captures = new LinkedHashMap<>();
        for (String source : context.sources()) {
            captures.put(source, context.capture(source).confirmedPosition());
        }
        int changes = applied.values().stream().mapToInt(AppliedChanges::changes).sum();
        if (changes > 0) {
            context.recordRate(changes, System.nanoTime() - started);
        }
        ReshardingState before = context.state();
        // Logical capture's position moves with every lag probe read back, and its lag is never exactly 0: an idle
        // round saves the state for either only now and then, not five times a second.
        boolean moved = captures.entrySet().stream()
                .anyMatch(e -> context.state().capture(e.getKey()).filter(c -> e.getValue() > c.position()).isPresent());
        boolean changed = changes > 0 || (moved && System.nanoTime() - context.positionSavedAt > POSITION_SAVE_NANOS);
        for (PlanStep step : context.plan.steps()) {
            long lag = backlogs.get(step.sourceShard()).lagMs();
            long was = before.step(step.index()).lagMs();
            changed |= Math.abs(was - lag) >= LAG_STEP_MS || (was == 0) != (lag == 0);
        }
        if (changed) {
            context.positionSavedAt = System.nanoTime();
            context.update(b -> {
                applied.forEach((source, a) -> b.capturePosition(source,
                        context.state().capturePositions().getOrDefault(source, 0L) + a.changes()));
                captures.forEach((source, position) -> withPosition(context, b, source, position));
                for (PlanStep step : context.plan.steps()) {
                    var progress = context.state().step(step.index());
                    int rows = applied.get(step.sourceShard()).rowsFor(OperationContext.route(step));
                    b.step(progress.withReplication(progress.rowsReplicated() + rows, backlogs.get(step.sourceShard()).lagMs()));
                }
                return b;
            }, Durability.CHECKPOINT);
        }
        long lag = backlogs.values().stream().mapToLong(ChangeBacklog::lagMs).max().orElse(0);
        context.telemetry.lag(lag);
        return lag;
    }

    /**
     * Saves a source's confirmed capture position when it is past the saved one: the cutover's last drain confirms
     * one that no round may have seen, and the state file is where {@code status} reads it.
     */
    static void savePosition(OperationContext context, String source) throws SQLException {
        long position = context.capture(source).confirmedPosition();
        if (context.state().capture(source).filter(c -> position > c.position()).isPresent()) {
            context.update(b -> withPosition(context, b, source, position), Durability.CHECKPOINT);
        }
    }

    private static ReshardingState.Builder withPosition(OperationContext context, ReshardingState.Builder b, String source, long position) {
        context.state().capture(source).filter(c -> position > c.position()).ifPresent(c -> b.capture(source, c.withPosition(position)));
        return b;
    }

    /** Applies rounds until the lag is below the threshold or the deadline passes; true when caught up. */
    static boolean catchUp(OperationContext context, long thresholdMs, long deadlineNanos) throws SQLException, InterruptedException {
        while (true) {
            context.checkStop();
            long lag = round(context);
            if (lag < thresholdMs && pending(context) < context.options.batchSize()) {
                return true;
            }
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            if (lag == 0) {
                Thread.sleep(50);
            }
        }
    }

    static long pending(OperationContext context) throws SQLException {
        long pending = 0;
        for (String source : context.sources()) {
            pending += context.capture(source).backlog().pending();
        }
        return pending;
    }
}
