package org.reshard.workflow;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingStateStore.Durability;

/**
 * Returns a published operation to its old topology while the old owners still hold the moved rows: catch
 * reverse replication up, pause writes to the moved ranges on the new owners (fences with a lease ending at
 * the pause deadline), apply the last reverse changes, and publish the old topology again as a new registry
 * version — the new owners' fences committed to it first, as in cutover. Afterwards the operation is back in
 * Replicating with forward capture on the sources: {@code resume} switches forward through the cutover gate,
 * {@code rollback} undoes it all. Every step can be repeated, so a crash anywhere is finished or undone by
 * {@link #recover}.
 */
final class SwitchBack {

    private SwitchBack() {
    }

    /** Why the operation cannot switch back now, or empty when it can. */
    static Optional<ReshardError> refusal(OperationContext context) {
        var state = context.state();
        if (state.switchingBack()) {
            return Optional.empty();
        }
        if (state.phase() != ReshardingPhase.CLEANING_UP || state.publishedVersion() == null) {
            return Optional.of(ReshardError.of(ErrorCode.SWITCH_BACK_NOT_AVAILABLE, "operation " + state.id() + " is "
                    + state.phase().label() + (state.publishedVersion() == null ? " and has not published its new topology" : "")
                    + "; a switch back returns from a published topology during the retention — before cutover, 'reshard rollback "
                    + state.id() + "' undoes the operation"));
        }
        if (state.cleanupNotBefore() == null || !context.now().isBefore(state.cleanupNotBefore())) {
            return Optional.of(ReshardError.of(ErrorCode.SWITCH_BACK_NOT_AVAILABLE, "the retention of operation " + state.id()
                    + " ended" + (state.cleanupNotBefore() == null ? "" : " at " + state.cleanupNotBefore())
                    + " and cleanup has started deleting the old owners' copies, so the way back is closed — reshard back with a new operation"));
        }
        return Optional.empty();
    }

    /** Switches back; on return the old topology is active and the operation is in Replicating. */
    static void run(OperationContext context) throws Exception {
        context.update(b -> b.switchingBack(true), Durability.PHASE_TRANSITION);
        if (recoverPublished(context)) {
            return;
        }
        Duration timeout = context.options.cutoverTimeout();
        context.activity("switch back: catching up reverse replication");
        if (!catchUp(context, System.nanoTime() + timeout.toNanos())) {
            undo(context);
            throw new PhaseFailure(ReshardError.of(ErrorCode.SWITCH_BACK_FAILED, "reverse replication stayed behind by more than "
                    + context.options.lagThreshold().toMillis() + " ms for " + timeout.toSeconds() + " s, so writes were never paused;"
                    + " the new topology stays active — reduce the write load and switch back again"));
        }
        // Forward capture first: from the publish on, applications write the sources again, and a switch forward needs those writes.
        for (String source : context.sources()) {
            context.capture(source).install();
            context.captureInstalled(source);
        }
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        boolean committing = false;
        CutoverRegistry registry = new CutoverRegistry(context.plan.from().registryUrl());
        try {
            context.activity("switch back: fencing the moved ranges on the new owners");
            for (String target : context.targets()) {
                context.reverseCapture(target).installFence(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            FaultPoints.reach("switchback.fenced");
            context.activity("switch back: applying the last changes to the old owners");
            if (!ReverseReplication.drain(context, deadline)) {
                undo(context);
                throw new PhaseFailure(ReshardError.of(ErrorCode.SWITCH_BACK_FAILED, "the last reverse changes could not be applied within "
                        + timeout.toSeconds() + " s; the fences were removed and the new topology stays active — switch back again"));
            }
            KeySequences.advanceBack(context);
            long version;
            try (CutoverRegistry.Pending pending = registry.write(context.plan.from(), context.now(),
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                committing = true;
                for (String target : context.targets()) {
                    if (!context.reverseCapture(target).commitFence()) {
                        undo(context);
                        throw new PhaseFailure(ReshardError.of(ErrorCode.SWITCH_BACK_FAILED, "the fence on shard " + target
                                + " ended before the publish; the new topology stays active — switch back again"));
                    }
                }
                FaultPoints.reach("switchback.committed");
                pending.commit();
                version = pending.version;
            }
            FaultPoints.reach("switchback.published");
            context.telemetry.cutover(Duration.ofNanos(System.nanoTime() - started));
            context.event("switch back: writes to the moved ranges were paused for " + (System.nanoTime() - started) / 1_000_000
                    + " ms; " + context.plan.from().name() + " is registry version " + version + " again");
            finish(context, version);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof PhaseFailure || e instanceof OperationStopped) {
                throw e;
            }
            if (committing && recoverPublished(context)) {
                return;
            }
            undo(context);
            throw e;
        }
    }

    /**
     * After a crash or a fault in a switch back: finishes it when the old topology was published, or every new
     * owner committed its fences; otherwise undoes it, and the operation goes on waiting out its retention.
     */
    static void recover(OperationContext context) throws Exception {
        if (recoverPublished(context)) {
            return;
        }
        if (committedOnEveryTarget(context)) {
            context.event("switch back: every new owner's fences were committed before the crash; publishing the old topology");
            CutoverRegistry registry = new CutoverRegistry(context.plan.from().registryUrl());
            ReverseReplication.drain(context, System.nanoTime() + Duration.ofSeconds(60).toNanos());
            KeySequences.advanceBack(context);
            try (CutoverRegistry.Pending pending = registry.write(context.plan.from(), context.now(), Duration.ofSeconds(60))) {
                pending.commit();
                finish(context, pending.version);
            }
            return;
        }
        undo(context);
    }

    /** True (and the switch back finished) when the registry's active version is the old topology, published by the switch back. */
    private static boolean recoverPublished(OperationContext context) throws SQLException {
        Optional<Long> active = new CutoverRegistry(context.plan.from().registryUrl()).publishedVersion(context.plan.from());
        long last = context.state().publishedVersions().stream().mapToLong(Long::longValue).max().orElse(Long.MAX_VALUE);
        if (active.isPresent() && active.get() > last) {
            finish(context, active.get());
            return true;
        }
        return false;
    }

    private static boolean committedOnEveryTarget(OperationContext context) throws SQLException {
        for (String target : context.targets()) {
            if (!context.reverseCapture(target).fenceCommitted()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The old topology is active: the old owners' fences go (applications write there again, captured forward),
     * reverse capture goes; the new owners' fences stay until a switch forward or rollback.
     */
    private static void finish(OperationContext context, long version) throws SQLException {
        for (String source : context.sources()) {
            context.capture(source).removeFence();
        }
        for (String target : context.targets()) {
            // SQLite fences a whole table during the pause; from now on only the keys that moved there stay fenced.
            context.reverseCapture(target).narrowFence();
        }
        ReverseReplication.remove(context);
        context.update(b -> {
            b.interruptTo(ReshardingPhase.REPLICATING, context.now()).publishedVersion(null).cleanupNotBefore(null).switchingBack(false);
            if (!context.state().publishedVersions().contains(version)) {
                b.published(version);
            }
            for (var step : context.state().steps()) {
                b.step(step.withVerification(null).withReverse(step.rowsReversed(), 0));
            }
            return b;
        }, Durability.PHASE_TRANSITION);
        context.event("switched back: " + context.plan.from().name() + " serves again (registry version " + version + "); 'reshard resume "
                + context.id() + "' switches forward through the cutover gate, 'reshard rollback " + context.id() + "' undoes the operation");
    }

    /** The new topology stays active: the new owners' fences and the sources' forward capture go, reverse capture stays. */
    private static void undo(OperationContext context) throws SQLException {
        for (String target : context.targets()) {
            context.reverseCapture(target).removeFence();
        }
        for (String source : context.sources()) {
            context.removeCapture(source);
        }
        context.update(b -> b.switchingBack(false), Durability.PHASE_TRANSITION);
        context.event("switch back undone: the new topology stays active, writes to the moved ranges continue on the new owners");
    }

    private static boolean catchUp(OperationContext context, long deadlineNanos) throws SQLException, InterruptedException {
        while (true) {
            context.checkStop();
            long lag = ReverseReplication.round(context);
            long pending = 0;
            for (String target : context.targets()) {
                pending += context.reverseCapture(target).backlog().pending();
            }
            if (lag < context.options.lagThreshold().toMillis() && pending < context.options.batchSize()) {
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

    /**
     * Inside a switch forward's write pause, before the publish: the new owners' fences a switch back left would
     * block the writes the publish sends there.
     */
    static void liftTargetFences(OperationContext context) throws SQLException {
        for (String target : context.targets()) {
            context.reverseCapture(target).removeFence();
        }
    }

    /** A switch forward's pause was undone after it lifted the new owners' fences: they go back up, committed. */
    static void restoreTargetFences(OperationContext context) throws SQLException {
        if (context.state().publishedVersions().isEmpty()) {
            return;
        }
        for (String target : context.targets()) {
            var reverse = context.reverseCapture(target);
            reverse.installFence(Duration.ofMinutes(1));
            reverse.commitFence();
            reverse.narrowFence();
        }
    }
}
