package org.reshard.workflow;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.plan.PlanStep;
import org.reshard.state.ReshardingStateStore.Durability;

/**
 * CuttingOver: the gate, then the write pause — fence the moving ranges on every source, drain the
 * changelog to zero, publish the new topology — all within the cutover timeout or undone. Afterwards
 * the fences stay (narrowed to moved keys on SQLite) until cleanup and change capture is removed.
 */
final class CutoverPhase implements PhaseRunner {

    private static final Duration FINAL_DRAIN = Duration.ofSeconds(60);

    @Override
    public void run(OperationContext context) throws Exception {
        context.checkSourceSchemas(ErrorCode.CUTOVER_FAILED);
        Optional<Long> published = publishedVersion(context);
        if (published.isPresent()) {
            context.event("the new topology was already published as version " + published.get() + "; finishing the cutover");
        } else if (committedOnEverySource(context)) {
            context.event("every source's fences were committed to the publish before the last attempt ended; publishing now");
            published = Optional.of(publishCommitted(context));
        } else {
            // Fences an earlier attempt left (a crash, a fault in the pause, a partial commit) go first: writes continue meanwhile.
            removeFences(context);
            ReverseReplication.remove(context);
            SwitchBack.restoreTargetFences(context);
            context.checkCaptureInPlace(ErrorCode.CUTOVER_FAILED);
            if (context.approvedBy() == null) {
                awaitApproval(context);
            } else {
                context.event("cutover was approved by " + context.approvedBy() + " before the fault; trying the write pause again");
            }
            published = Optional.of(pauseAndPublish(context));
        }
        afterPublish(context, published.get());
    }

    /** The registry's active version, when it is already the target topology (a crash after publishing). */
    static Optional<Long> publishedVersion(OperationContext context) {
        return new CutoverRegistry(context.plan.to().registryUrl()).publishedVersion(context.plan.to());
    }

    private static boolean committedOnEverySource(OperationContext context) throws SQLException {
        for (String source : context.sources()) {
            if (!context.capture(source).fenceCommitted()) {
                return false;
            }
        }
        return true;
    }

    private void awaitApproval(OperationContext context) throws Exception {
        Duration timeout = context.options.cutoverTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Replication.round(context);
        CutoverSummary summary = summary(context, context.now().plus(timeout));
        context.activity("waiting at the cutover gate (lag " + summary.lagMs() + " ms, " + summary.pendingChanges() + " changes pending)");
        FaultPoints.reach("cutover.gate");
        CompletableFuture<GateDecision> answer = context.gate.request(summary);
        GateDecision decision = null;
        while (decision == null) {
            try {
                decision = answer.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    answer.cancel(true);
                    throw new PhaseFailure(ReshardError.of(ErrorCode.CUTOVER_TIMEOUT, "no decision at the cutover gate within "
                            + timeout.toSeconds() + " s; writes were never paused — resume to ask again, or roll back"));
                }
                if (context.control.stopRequested()) {
                    answer.cancel(true);
                }
                context.checkStop();
                Replication.round(context);
            } catch (ExecutionException e) {
                throw new PhaseFailure(ReshardError.of(ErrorCode.CUTOVER_ABORTED, "the cutover gate failed: " + e.getCause()));
            }
        }
        switch (decision) {
            case GateDecision.Approve approve -> {
                context.approved(approve.by());
                context.event("cutover approved by " + approve.by());
            }
            case GateDecision.Refuse refuse -> throw new PhaseFailure(ReshardError.of(ErrorCode.CUTOVER_ABORTED,
                    "cutover refused at the gate" + (refuse.reason() == null ? "" : ": " + refuse.reason())
                            + "; writes were never paused — roll back, or resume to ask again"));
            case GateDecision.Defer defer -> throw new OperationStopped("stopped at the cutover gate: " + defer.reason(), true);
        }
    }

    private static CutoverSummary summary(OperationContext context, java.time.Instant deadline) throws SQLException {
        List<CutoverSummary.StepCheck> steps = new ArrayList<>();
        for (PlanStep step : context.plan.steps()) {
            steps.add(new CutoverSummary.StepCheck(step, context.state().step(step.index()).verification()));
        }
        long pending = Replication.pending(context);
        long lag = context.state().steps().stream().mapToLong(s -> s.lagMs()).max().orElse(0);
        double rate = Math.max(context.ratePerSecond(), 1_000);
        Duration pause = Duration.ofMillis(50 * context.sources().size() + (long) (pending * 1000 / rate));
        return new CutoverSummary(context.id(), lag, pending, steps, pause, deadline);
    }

    /**
     * The write pause: fence (with a lease that ends at the pause deadline), drain, write the new version to the
     * registry, commit every source's fences, commit the version. Undone when it cannot finish in time or a
     * shard fails; a source that cannot be reached keeps its fence until its lease ends or the next attempt.
     */
    private long pauseAndPublish(OperationContext context) throws Exception {
        Duration timeout = context.options.cutoverTimeout();
        context.activity("catching up before the write pause");
        if (!Replication.catchUp(context, context.options.lagThreshold().toMillis(), System.nanoTime() + timeout.toNanos())) {
            throw new PhaseFailure(ReshardError.of(ErrorCode.CUTOVER_ABORTED, "the replication lag stayed over "
                    + context.options.lagThreshold().toMillis() + " ms for " + timeout.toSeconds()
                    + " s, so writes were never paused — reduce the write load or raise --lag-threshold, then resume"));
        }
        // From the publish on, applications write the moved rows on the new owners, and the old owners' copies follow them.
        // Installed before the pause, where it cost half of it (SwitchBackBench): until the publish only reshard writes there,
        // unseen on PostgreSQL (replica role) and harmless on SQLite (a logged row is re-read from the new owner when applied).
        context.activity("starting reverse capture on the new owners");
        ReverseReplication.install(context);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        CutoverRegistry registry = new CutoverRegistry(context.plan.to().registryUrl());
        boolean committing = false;
        context.activity("write pause: fencing the moving ranges");
        try {
            for (String source : context.sources()) {
                context.capture(source).installFence(Duration.ofNanos(deadline - System.nanoTime()));
            }
            FaultPoints.reach("cutover.fenced");
            try {
                PartitionFollower.follow(context, true);
            } catch (PhaseFailure failure) {
                undo(context);
                throw failure;
            }
            context.activity("write pause: applying the last changes");
            for (String source : context.sources()) {
                context.applier(source).drain(context.options.batchSize(), deadline);
                // A run resumed after the publish starts from here: nothing drained is applied again over the new owners' writes.
                Replication.savePosition(context, source);
            }
            if (Replication.pending(context) > 0 || System.nanoTime() > deadline) {
                undo(context);
                throw timedOut(timeout, "the last changes could not be applied");
            }
            context.activity("write pause: advancing the new owners' key sequences");
            KeySequences.advance(context);
            SwitchBack.liftTargetFences(context);
            long version;
            context.activity("write pause: publishing " + context.plan.to().name());
            try (CutoverRegistry.Pending pending = registry.write(context.plan.to(), context.now(),
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                committing = true;
                commitFences(context);
                FaultPoints.reach("cutover.committed");
                pending.commit();
                FaultPoints.reach("cutover.published");
                version = pending.version;
            }
            long pauseMs = (System.nanoTime() - started) / 1_000_000;
            context.telemetry.cutover(Duration.ofNanos(System.nanoTime() - started));
            context.event("cutover: writes to the moving ranges were paused for " + pauseMs + " ms; " + context.plan.to().name()
                    + " is registry version " + version);
            return version;
        } catch (SQLException | RuntimeException e) {
            if (e instanceof PhaseFailure || e instanceof OperationStopped) {
                throw e;
            }
            if (committing) {
                // The registry may hold the version or not; when it cannot be read, the committed fences stay and the next attempt publishes.
                Optional<Long> published = publishedVersion(context);
                if (published.isPresent()) {
                    return published.get();
                }
            }
            undoWhereReachable(context);
            throw e;
        }
    }

    /**
     * Commits every source's fences while the new version waits uncommitted in the registry: a crash before the
     * last one is committed leaves leases that end by themselves (writes go on with the old topology); a crash
     * after it leaves fences that hold until resume publishes.
     */
    private static void commitFences(OperationContext context) throws SQLException {
        for (String source : context.sources()) {
            if (!context.capture(source).commitFence()) {
                undo(context);
                throw timedOut(context.options.cutoverTimeout(), "the fence on shard " + source + " ended before the publish");
            }
        }
    }

    /** After every source committed its fences, an earlier attempt ended before the registry took the new version. */
    private static long publishCommitted(OperationContext context) throws SQLException {
        context.activity("publishing " + context.plan.to().name() + " (the fences are committed; writes to the moving ranges wait for it)");
        for (String source : context.sources()) {
            context.applier(source).drain(context.options.batchSize(), System.nanoTime() + FINAL_DRAIN.toNanos());
        }
        KeySequences.advance(context);
        ReverseReplication.install(context);
        SwitchBack.liftTargetFences(context);
        CutoverRegistry registry = new CutoverRegistry(context.plan.to().registryUrl());
        try (CutoverRegistry.Pending pending = registry.write(context.plan.to(), context.now(), FINAL_DRAIN)) {
            pending.commit();
            context.event(context.plan.to().name() + " is registry version " + pending.version);
            return pending.version;
        }
    }

    private static PhaseFailure timedOut(Duration timeout, String what) {
        return new PhaseFailure(ReshardError.of(ErrorCode.CUTOVER_TIMEOUT, what + " within " + timeout.toSeconds()
                + " s; the fences were removed and writes continue on the old topology — resume to try again, or roll back"));
    }

    private static void undo(OperationContext context) throws SQLException {
        removeFences(context);
        ReverseReplication.remove(context);
        SwitchBack.restoreTargetFences(context);
        context.event("cutover undone: fences removed, the old topology stays active");
    }

    /**
     * After a fault in the write pause: removes the fences from every source that answers; one that does not
     * keeps its fence until its lease ends (the pause deadline) or the next attempt removes it.
     */
    private static void undoWhereReachable(OperationContext context) {
        List<String> left = new ArrayList<>();
        for (String source : context.sources()) {
            // A fresh connection tells at once whether the shard answers; the pool would wait out its connection timeout.
            if (context.pools.probe(source) instanceof org.reshard.common.Result.Failure<?>) {
                left.add(source);
                continue;
            }
            try {
                context.capture(source).removeFence();
            } catch (SQLException | RuntimeException e) {
                left.add(source);
            }
        }
        // Reverse capture on a target that does not answer is removed by the next attempt; it captures nothing meanwhile that matters.
        ReverseReplication.removeWhereReachable(context);
        try {
            SwitchBack.restoreTargetFences(context);
        } catch (SQLException | RuntimeException e) {
            // A target that does not answer cannot take writes either; the next attempt puts its fences back first.
            context.event("the new owners' fences of the switch back could not all be put back yet; the next attempt does it first");
        }
        context.event(left.isEmpty() ? "cutover undone after a fault: fences removed, the old topology stays active"
                : "cutover undone after a fault: the old topology stays active; the fence on " + String.join(", ", left)
                + " could not be removed yet — it lets writes through by itself at the pause deadline, and is removed as soon as"
                + " the shard answers again");
    }

    private static void removeFences(OperationContext context) throws SQLException {
        for (String source : context.sources()) {
            context.capture(source).removeFence();
        }
    }

    /** Narrows SQLite fences to moved keys, applies what came in since, and removes change capture. */
    private void afterPublish(OperationContext context, long version) throws SQLException {
        context.update(b -> {
            b.publishedVersion(version).cleanupNotBefore(context.now().plus(context.options.retention()));
            return context.state().publishedVersions().contains(version) ? b : b.published(version);
        }, Durability.PHASE_TRANSITION);
        for (String source : context.sources()) {
            context.capture(source).narrowFence();
        }
        long deadline = System.nanoTime() + FINAL_DRAIN.toNanos();
        for (String source : context.sources()) {
            context.applier(source).drain(context.options.batchSize(), deadline);
            Replication.savePosition(context, source);
            context.removeCapture(source);
        }
        context.event("change capture removed; moved rows stay on the sources until cleanup, "
                + org.reshard.common.Moments.relative(context.state().cleanupNotBefore(), context.now(), java.time.ZoneId.systemDefault()));
    }
}
