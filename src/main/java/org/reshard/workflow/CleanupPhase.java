package org.reshard.workflow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.reshard.cdc.CapturedTable;
import org.reshard.cdc.SourceCapture;
import org.reshard.common.ErrorCode;
import org.reshard.common.Moments;
import org.reshard.state.ReshardingStateStore.Durability;

/**
 * CleaningUp: waits out the retention period (a restart keeps waiting; stopping is safe), then deletes
 * moved rows from the sources in batches and removes the fences. A source that cannot be reached is
 * waited for like any transient fault; another failure is reported as a warning with
 * {@code reshard.cleanup_failed} — the data is already where it belongs, so the operation completes.
 */
final class CleanupPhase implements PhaseRunner {

    private static final Duration WAIT_STEP = Duration.ofSeconds(1);

    @Override
    public void run(OperationContext context) throws Exception {
        waitForRetention(context);
        // The way back closes here: the old owners' copies are about to go, so nothing needs to follow the new owners any more.
        ReverseReplication.remove(context);
        for (String source : context.sources()) {
            try {
                cleanSource(context, context.capture(source));
            } catch (java.sql.SQLException | RuntimeException e) {
                // A source that is down for a moment is waited for (the orchestrator retries); only lasting faults are left to a person.
                if (e instanceof OperationStopped || TransientFault.of(context, e).isPresent()) {
                    throw e;
                }
                warn(context, "could not clean up shard " + source + ": " + e.getMessage()
                        + " — delete its moved rows and drop its reshard_fence triggers by hand");
            }
        }
    }

    /**
     * Waits out the retention, applying what applications write on the new owners back to the old owners' copies
     * (reverse replication) once a second, so a switch back stays possible until cleanup starts.
     */
    private static void waitForRetention(OperationContext context) throws InterruptedException, java.sql.SQLException {
        Instant until = context.state().cleanupNotBefore();
        if (until == null || !context.now().isBefore(until)) {
            return;
        }
        context.activity("keeping moved rows on the sources until " + Moments.relative(until, context.now(), ZoneId.systemDefault())
                + " (retention), following the new owners' writes; 'reshard switch-back " + context.id()
                + "' returns to the old topology until then");
        while (context.now().isBefore(until)) {
            context.checkStop();
            long started = System.nanoTime();
            ReverseReplication.round(context);
            Duration left = Duration.between(context.now(), until);
            long spent = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(Math.max(1, Math.min(left.toMillis(), WAIT_STEP.toMillis() - Math.min(spent, WAIT_STEP.toMillis() - 1))));
        }
    }

    private static void cleanSource(OperationContext context, SourceCapture capture) throws java.sql.SQLException {
        // Cutover removed the capture; a slot a crash left in between would hold WAL for ever, so it goes here at the latest.
        context.removeCapture(capture.shard());
        // The capture's tables come parents first; moved rows leave children first (foreign keys).
        for (CapturedTable table : capture.tables().reversed()) {
            long late = 0;
            int moved;
            do {
                moved = capture.moveLateRows(table, routes(context, capture.shard(), table.name()), context.options.batchSize());
                late += moved;
            } while (moved > 0);
            if (late > 0) {
                warn(context, late + " rows of " + table.name() + " were written to shard " + capture.shard() + " after cutover by"
                        + " writers still using the old topology; they were moved to their new owners — check those writers poll the registry");
            }
            context.activity("deleting moved rows of " + table.name() + " from " + capture.shard());
            long total = 0;
            SourceCapture.DeletedBatch batch = new SourceCapture.DeletedBatch(0, null);
            do {
                context.checkStop();
                batch = capture.deleteMovedRows(table, context.options.batchSize(), batch.lastKey());
                total += batch.deleted();
                FaultPoints.reach("cleanup.batch");
            } while (batch.lastKey() != null);
            context.event("deleted " + total + " moved rows of " + table.name() + " from " + capture.shard());
        }
        capture.removeFence();
        var left = capture.leftovers();
        if (!left.isEmpty()) {
            warn(context, "shard " + capture.shard() + " still has " + String.join(", ", left));
        }
    }

    private static java.util.List<org.reshard.cdc.ChangeRoute> routes(OperationContext context, String source, String table) {
        return context.stepsFrom(source).stream().filter(s -> s.table().equals(table)).map(OperationContext::route).toList();
    }

    private static void warn(OperationContext context, String message) {
        String text = ErrorCode.CLEANUP_FAILED.code() + ": " + message;
        context.update(b -> b.warning(text), Durability.PHASE_TRANSITION);
        context.event(text);
    }
}
