package org.reshard.workflow;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.ReshardException;
import org.reshard.common.Result;
import org.reshard.observe.Telemetry;
import org.reshard.plan.CopyRate;
import org.reshard.plan.PlanJson;
import org.reshard.plan.Planner;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.shard.ShardPools;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.ReshardingStateStore;
import org.reshard.state.ReshardingStateStore.Durability;
import org.reshard.state.RollbackStatus;
import org.reshard.state.StoredError;
import org.reshard.state.Waiting;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TopologyLoader;

/**
 * Plans, runs, resumes and rolls back resharding operations, one at a time, keeping every step in the
 * state store so a crash at any moment can be resumed. Errors come back as values with stable codes.
 */
public final class ReshardingOrchestrator {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReshardingOrchestrator.class);

    private static final Map<ReshardingPhase, ErrorCode> FAILURE_CODES = new EnumMap<>(Map.of(
            ReshardingPhase.PLANNING, ErrorCode.PLAN_GENERATION_FAILED,
            ReshardingPhase.COPYING, ErrorCode.COPY_FAILED,
            ReshardingPhase.REPLICATING, ErrorCode.REPLICATION_FAILED,
            // A mismatch ends Verifying with verification_failed (a PhaseFailure); anything else is not a mismatch.
            ReshardingPhase.VERIFYING, ErrorCode.VERIFICATION_INCOMPLETE,
            ReshardingPhase.CUTTING_OVER, ErrorCode.CUTOVER_FAILED,
            ReshardingPhase.CLEANING_UP, ErrorCode.CLEANUP_FAILED));

    private final ReshardingStateStore store;
    private final Clock clock;
    private final TopologyLoader loader;
    private final Telemetry telemetry;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Map<ReshardingPhase, PhaseRunner> runners = new EnumMap<>(Map.of(
            ReshardingPhase.PLANNING, new PlanningPhase(),
            ReshardingPhase.COPYING, new CopyPhase(),
            ReshardingPhase.REPLICATING, new ReplicationPhase(),
            ReshardingPhase.VERIFYING, new VerificationPhase(),
            ReshardingPhase.CUTTING_OVER, new CutoverPhase(),
            ReshardingPhase.CLEANING_UP, new CleanupPhase()));

    public ReshardingOrchestrator(ReshardingStateStore store) {
        this(store, Clock.systemUTC(), new TopologyLoader(), Telemetry.global());
    }

    public ReshardingOrchestrator(ReshardingStateStore store, Telemetry telemetry) {
        this(store, Clock.systemUTC(), new TopologyLoader(), telemetry);
    }

    public ReshardingOrchestrator(ReshardingStateStore store, Clock clock, TopologyLoader loader, Telemetry telemetry) {
        this.store = store;
        this.clock = clock;
        this.loader = loader;
        this.telemetry = telemetry;
        telemetry.resharding().countActiveOperationsWith(() -> store.listActive() instanceof Result.Ok<List<ReshardingState>> ok
                ? ok.value().size() : 0);
    }

    /**
     * Plans the request, estimating its duration at the rate the newest completed operation against the same
     * registry measured (the assumed rate when there is none, or the state file cannot be read).
     */
    public Result<ReshardingPlan> plan(ReshardingRequest request) {
        CopyRate rate = store.list() instanceof Result.Ok<List<ReshardingState>> ok
                ? MeasuredRate.latest(ok.value(), request.from().registryUrl()).orElse(CopyRate.ASSUMED)
                : CopyRate.ASSUMED;
        return new Planner(clock, rate).plan(request);
    }

    /** Runs a plan from Planning to Completed (or until it fails or stops). */
    public Result<ReshardingOutcome> execute(ReshardingPlan plan, ReshardingOptions options, RunHooks hooks) {
        return exclusively(() -> {
            Result<List<ReshardingState>> active = store.listActive();
            if (active instanceof Result.Failure<List<ReshardingState>> failure) {
                return Result.failure(failure.error());
            }
            if (!active.orElseThrow().isEmpty()) {
                return Result.failure(concurrent(active.orElseThrow()));
            }
            ReshardingState state = ReshardingState.start(plan.id(), PlanJson.toJson(plan), options.toJson(), plan.steps().size(),
                    clock.instant());
            return store.save(state, Durability.PHASE_TRANSITION).flatMap(saved -> {
                try (ShardPools pools = pools(plan)) {
                    return Result.ok(drive(new OperationContext(plan, options, pools, store, saved, hooks.listener(),
                            hooks.control(), hooks.gate(), clock, false, OperationTelemetry.start(telemetry, plan, "execute"))));
                }
            });
        });
    }

    /** Continues an interrupted, stopped or failed operation from its last checkpoint (or finishes its rollback). */
    public Result<ReshardingOutcome> resume(String id, RunHooks hooks) {
        return exclusively(() -> store.get(id).flatMap(state -> {
            if (!state.isActive()) {
                return Result.failure(ErrorCode.INVALID_PHASE_TRANSITION, "operation " + id + " is " + state.phase().label()
                        + "; there is nothing to resume");
            }
            if (state.rollback() == RollbackStatus.RUNNING || state.rollback() == RollbackStatus.FAILED) {
                return rollbackLoaded(state, hooks);
            }
            return PlanJson.fromJson(state.plan(), loader).flatMap(plan -> {
                try (ShardPools pools = pools(plan)) {
                    OperationContext context = loaded(plan, state, pools, hooks, "resume");
                    if (state.waiting() != null) {
                        // The run that was waiting ended (a crash or a stop); this one starts a new retry budget.
                        context.update(b -> b.waiting(null), Durability.PHASE_TRANSITION);
                    }
                    if (state.switchingBack()) {
                        context.event("finishing or undoing the switch back that was interrupted");
                        try {
                            SwitchBack.recover(context);
                        } catch (Exception e) {
                            LOG.warn("recovering the switch back of {} failed", id, e);
                            return Result.failure(PhaseErrors.of(context, ReshardingPhase.CUTTING_OVER, ErrorCode.SWITCH_BACK_FAILED, e));
                        }
                        if (context.state().phase() == ReshardingPhase.REPLICATING) {
                            return Result.ok(new ReshardingOutcome.Stopped(context.state(), "switched back to " + plan.from().name()));
                        }
                    }
                    if (state.phase() == ReshardingPhase.FAILED) {
                        ReshardingPhase retry = state.lastCompletedPhase() == null ? ReshardingPhase.PLANNING : state.lastCompletedPhase().next();
                        context.update(b -> b.interruptTo(retry, clock.instant()).failure(null), Durability.PHASE_TRANSITION);
                        context.event("retrying " + retry.label() + " after " + state.failure().code());
                    }
                    return Result.ok(drive(context));
                } catch (ReshardException e) {
                    return Result.failure(e.error());
                }
            });
        }));
    }

    /**
     * Returns a published operation to its old topology while its retention lasts (the old owners still hold the
     * moved rows, kept current by reverse replication). Ends Stopped in Replicating: resume switches forward through
     * the cutover gate, rollback undoes the operation.
     */
    public Result<ReshardingOutcome> switchBack(String id, RunHooks hooks) {
        return exclusively(() -> store.get(id).flatMap(state -> PlanJson.fromJson(state.plan(), loader).flatMap(plan -> {
            try (ShardPools pools = pools(plan)) {
                OperationContext context = loaded(plan, state, pools, hooks, "switch-back");
                try {
                    Optional<ReshardError> refusal = SwitchBack.refusal(context);
                    if (refusal.isPresent()) {
                        return Result.failure(refusal.get());
                    }
                    SwitchBack.run(context);
                    return Result.ok(new ReshardingOutcome.Stopped(context.state(), "switched back to " + plan.from().name()));
                } catch (OperationStopped stopped) {
                    return Result.ok(new ReshardingOutcome.Stopped(context.state(), stopped.getMessage()));
                } catch (PhaseFailure failure) {
                    context.telemetry.failed(failure.error());
                    return Result.ok(new ReshardingOutcome.Failed(context.state(), failure.error()));
                } catch (Exception e) {
                    LOG.warn("switch back of {} failed", id, e);
                    ReshardError error = PhaseErrors.of(context, ReshardingPhase.CUTTING_OVER, ErrorCode.SWITCH_BACK_FAILED, e);
                    context.telemetry.failed(error);
                    return Result.ok(new ReshardingOutcome.Failed(context.state(), error));
                } finally {
                    context.telemetry.end(context.state().phase());
                }
            }
        })));
    }

    /**
     * Ends the retention of a published operation now: reverse replication stops, the old owners' copies are
     * deleted and the operation completes. The way back closes.
     */
    public Result<ReshardingOutcome> complete(String id, RunHooks hooks) {
        return exclusively(() -> store.get(id).flatMap(state -> {
            if (state.phase() != ReshardingPhase.CLEANING_UP || state.publishedVersion() == null || state.switchingBack()) {
                return Result.failure(ErrorCode.INVALID_PHASE_TRANSITION, "operation " + id + " is " + state.phase().label()
                        + "; complete ends the retention of an operation that published its new topology and waits in CleaningUp");
            }
            return PlanJson.fromJson(state.plan(), loader).flatMap(plan -> {
                try (ShardPools pools = pools(plan)) {
                    OperationContext context = loaded(plan, state, pools, hooks, "complete");
                    // Saved first, so a crash from here on resumes into the cleanup, never back into the retention.
                    context.update(b -> b.cleanupNotBefore(clock.instant()), Durability.PHASE_TRANSITION);
                    context.event("retention ended by the operator; the old owners' copies are deleted now and the way back closes");
                    return Result.ok(drive(context));
                }
            });
        }));
    }

    /** Undoes an operation that has not published its new topology. */
    public Result<ReshardingOutcome> rollback(String id, RunHooks hooks) {
        return exclusively(() -> store.get(id).flatMap(state -> rollbackLoaded(state, hooks)));
    }

    private Result<ReshardingOutcome> rollbackLoaded(ReshardingState state, RunHooks hooks) {
        if (state.phase() == ReshardingPhase.ROLLED_BACK) {
            return Result.ok(new ReshardingOutcome.Finished(state));
        }
        if (state.publishedVersion() != null || state.phase() == ReshardingPhase.CLEANING_UP || state.phase() == ReshardingPhase.COMPLETED) {
            return Result.failure(notAvailable(state));
        }
        return PlanJson.fromJson(state.plan(), loader).flatMap(plan -> {
            try (ShardPools pools = pools(plan)) {
                OperationContext context = loaded(plan, state, pools, hooks, "rollback");
                try {
                    if (state.phase() == ReshardingPhase.CUTTING_OVER && CutoverPhase.publishedVersion(context).isPresent()) {
                        return Result.failure(notAvailable(state));
                    }
                    Rollback.run(context);
                    return Result.ok(new ReshardingOutcome.Finished(context.state()));
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("rollback of {} failed", state.id(), e);
                    ReshardError error = PhaseErrors.rollback(context, e);
                    saveQuietly(context, b -> b.rollback(RollbackStatus.FAILED, StoredError.of(error)));
                    context.telemetry.failed(error);
                    return Result.ok(new ReshardingOutcome.Failed(context.state(), error));
                } finally {
                    context.telemetry.end(context.state().phase());
                }
            }
        });
    }

    /** The operation's progress as stored. */
    public Result<OperationProgress> progress(String id) {
        return store.get(id).map(state -> OperationProgress.of(state, "", 0));
    }

    private ReshardingOutcome drive(OperationContext context) {
        try {
            return runPhases(context);
        } finally {
            context.telemetry.end(context.state().phase());
        }
    }

    private ReshardingOutcome runPhases(OperationContext context) {
        FaultRetry retry = new FaultRetry(context.options.retryFor(), clock, java.util.concurrent.ThreadLocalRandom.current());
        while (context.state().phase().isWorking()) {
            ReshardingPhase phase = context.state().phase();
            context.telemetry.phaseStarted(phase);
            context.listener.phaseStarted(context.id(), phase);
            Optional<ReshardingOutcome> ended = runPhase(context, phase, retry);
            if (ended.isPresent()) {
                return ended.get();
            }
            retry.reset();
            Duration took = context.state().currentTiming().map(t -> t.duration(clock.instant())).orElse(Duration.ZERO);
            context.update(b -> b.advanceTo(phase.next(), clock.instant()), Durability.PHASE_TRANSITION);
            context.telemetry.phaseCompleted(phase, took);
            context.listener.phaseCompleted(context.id(), phase, took);
        }
        return new ReshardingOutcome.Finished(context.state());
    }

    /**
     * Runs one phase to its end, trying again from its last checkpoint after each transient fault until the
     * retry budget is spent; empty when the phase completed, else how the run ended.
     */
    private Optional<ReshardingOutcome> runPhase(OperationContext context, ReshardingPhase phase, FaultRetry retry) {
        Waiting waiting = null;
        TransientFault lastFault = null;
        while (true) {
            try {
                if (waiting != null) {
                    sleepUntil(context, waiting.nextAttemptAt());
                    retry.attempting(context.saves());
                    if (lastFault.shard() != null && context.pools.probe(lastFault.shard()) instanceof Result.Failure<?>) {
                        // Still down: an attempt now could save progress on the other shards (logical capture reads changes
                        // that never reach the shard that is down), which would restart the budget and end the wait for nothing.
                        Optional<Waiting> next = retry.next(lastFault, context.address(lastFault), context.saves());
                        if (next.isEmpty()) {
                            return Optional.of(fail(context, PhaseErrors.gaveUp(context, phase, FAILURE_CODES.get(phase), lastFault,
                                    retry.budget(), waiting.attempt())));
                        }
                        waiting = next.get();
                        context.waitFor(waiting);
                        continue;
                    }
                    context.startAttempt();
                    retry.attempting(context.saves());
                }
                runners.get(phase).run(context);
                return Optional.empty();
            } catch (OperationStopped stopped) {
                context.event(stopped.getMessage());
                context.telemetry.phaseStopped(stopped.getMessage());
                endWaiting(context);
                return Optional.of(stopped.atGate() ? new ReshardingOutcome.StoppedAtGate(context.state(), stopped.getMessage())
                        : new ReshardingOutcome.Stopped(context.state(), stopped.getMessage()));
            } catch (PhaseFailure failure) {
                return Optional.of(fail(context, failure.error()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                context.telemetry.phaseStopped("interrupted");
                endWaiting(context);
                return Optional.of(new ReshardingOutcome.Stopped(context.state(), "interrupted"));
            } catch (Exception e) {
                // The stack trace goes to the operation's log file; operators get the code, the shard and the cause.
                LOG.warn("phase {} failed", phase.label(), e);
                // Planning is pre-flight: a shard that does not answer there is reported at once, before anything changed.
                Optional<TransientFault> fault = phase == ReshardingPhase.PLANNING ? Optional.empty() : TransientFault.of(context, e);
                if (fault.isEmpty()) {
                    return Optional.of(fail(context, PhaseErrors.of(context, phase, FAILURE_CODES.get(phase), e)));
                }
                Optional<Waiting> next = retry.next(fault.get(), context.address(fault.get()), context.saves());
                if (next.isEmpty()) {
                    int attempts = waiting == null ? 0 : waiting.attempt();
                    return Optional.of(fail(context, PhaseErrors.gaveUp(context, phase, FAILURE_CODES.get(phase), fault.get(),
                            retry.budget(), attempts)));
                }
                lastFault = fault.get();
                waiting = next.get();
                context.waitFor(waiting);
            }
        }
    }

    /** Sleeps until the next attempt, a little at a time so a stop request is seen within a fifth of a second. */
    private void sleepUntil(OperationContext context, java.time.Instant at) throws InterruptedException {
        while (clock.instant().isBefore(at)) {
            context.checkStop();
            Thread.sleep(Math.max(1, Math.min(200, Duration.between(clock.instant(), at).toMillis())));
        }
    }

    /** A stopped run is not waiting any more (a resume starts a new budget). */
    private static void endWaiting(OperationContext context) {
        context.attemptOver();
        if (context.state().waiting() != null) {
            saveQuietly(context, b -> b.waiting(null));
            context.telemetry.waitingOver();
        }
    }

    private ReshardingOutcome fail(OperationContext context, ReshardError error) {
        context.attemptOver();
        context.telemetry.failed(error);
        saveQuietly(context, b -> b.interruptTo(ReshardingPhase.FAILED, clock.instant()).failure(StoredError.of(error)).waiting(null));
        context.listener.event(context.id(), "failed: " + error.oneLine());
        return new ReshardingOutcome.Failed(context.state(), error);
    }

    /** Saves a final state; when even that fails, the error being reported matters more. */
    private static void saveQuietly(OperationContext context, java.util.function.UnaryOperator<ReshardingState.Builder> change) {
        try {
            context.update(change, Durability.PHASE_TRANSITION);
        } catch (ReshardException ignored) {
            context.event("could not save the operation's state: " + ignored.error().message());
        }
    }

    private Result<ReshardingOutcome> exclusively(java.util.function.Supplier<Result<ReshardingOutcome>> work) {
        if (!busy.compareAndSet(false, true)) {
            return Result.failure(ErrorCode.CONCURRENT_RESHARDING_NOT_ALLOWED,
                    "another operation is running in this process — wait for it, or stop it first");
        }
        try {
            return work.get();
        } finally {
            busy.set(false);
        }
    }

    private static ReshardError concurrent(List<ReshardingState> active) {
        List<String> details = new ArrayList<>();
        for (ReshardingState state : active) {
            String phase = state.phase().label() + (state.failure() == null ? "" : " (" + state.failure().code() + ")");
            details.add(state.id() + ": " + phase + ", started " + state.createdAt() + " — 'reshard resume " + state.id()
                    + "' or 'reshard rollback " + state.id() + "'");
        }
        return ReshardError.of(ErrorCode.CONCURRENT_RESHARDING_NOT_ALLOWED,
                "only one resharding may be active at a time, and " + active.size() + " is not finished", details);
    }

    private static ReshardError notAvailable(ReshardingState state) {
        return ReshardError.of(ErrorCode.ROLLBACK_NOT_AVAILABLE, "operation " + state.id() + " already published its new topology"
                + (state.publishedVersion() == null ? "" : " (registry version " + state.publishedVersion() + ")")
                + "; applications write to the new owners now, so deleting their copies would lose writes — "
                + "finish it with 'reshard resume " + state.id() + "' and reshard back with a new operation if needed");
    }

    /** The context of a run that continues a stored operation (resume, rollback, switch back, complete). */
    private OperationContext loaded(ReshardingPlan plan, ReshardingState state, ShardPools pools, RunHooks hooks, String run) {
        return new OperationContext(plan, ReshardingOptions.fromJson(state.options()), pools, store, state, hooks.listener(),
                hooks.control(), hooks.gate(), clock, true, OperationTelemetry.start(telemetry, plan, run));
    }

    private static ShardPools pools(ReshardingPlan plan) {
        List<ShardSpec> shards = new ArrayList<>(plan.from().shards());
        shards.addAll(plan.to().shards());
        return new ShardPools(shards);
    }

}
