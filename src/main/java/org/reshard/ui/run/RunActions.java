package org.reshard.ui.run;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.reshard.common.ErrorText;
import org.reshard.common.Result;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.common.Failures;
import org.reshard.ui.cutover.CutoverRequest;
import org.reshard.ui.cutover.SwitchBackSummary;
import org.reshard.workflow.CutoverGate;
import org.reshard.workflow.GateDecision;
import org.reshard.workflow.OperationControl;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator does on the Run screen: start, resume, inspect, pause, cancel and roll back an operation,
 * and after cutover switch back or complete it, each run off the UI thread, with the outcome published on the
 * screen's view-model.
 */
public final class RunActions {

    private static final Logger LOG = LoggerFactory.getLogger(RunActions.class);

    /** What a begun piece of work is: the way back's two keep Switch back and Complete off while they run. */
    private enum Work { RUN, SWITCH_BACK, COMPLETE }

    private final ConsoleSession session;
    private final RunViewModel screen;
    private volatile OperationControl control = new OperationControl();
    private volatile boolean cancelled;
    /** What to run once the running operation has stopped: a switch back or complete asked for during its retention wait. */
    private Runnable afterStop;
    /** The running work is a switch back: its Stopped outcome means the old topology serves again. */
    private boolean switchingBack;

    RunActions(ConsoleSession session, RunViewModel screen) {
        this.session = session;
        this.screen = screen;
    }

    /** Starts a new operation from a plan. */
    public void start(ReshardingPlan plan, ReshardingOptions options) {
        begin(plan.id(), "Starting " + plan.id(), () -> session.orchestrator().execute(plan, options, hooks()));
    }

    /** Continues an interrupted, paused or failed operation from its checkpoint. */
    public void resume(String id) {
        begin(id, "Resuming " + id, () -> session.orchestrator().resume(id, hooks()));
        showStoredProgress(id);
    }

    /** Shows a stored operation without running it. */
    public void inspect(String id) {
        screen.showOperation(id);
        session.background().run(() -> session.store().get(id), result -> {
            switch (result) {
                case Result.Ok<ReshardingState> ok -> screen.showStored(ok.value());
                case Result.Failure<ReshardingState> failure -> screen.errorProperty().set(failure.error().describe());
            }
        }, e -> screen.errorProperty().set(ErrorText.of(e)));
    }

    /** Rolls the shown operation back (the caller has asked the operator first). */
    public void rollBack() {
        String id = screen.operationIdProperty().get();
        begin(id, "Rolling back " + id, () -> session.orchestrator().rollback(id, hooks()));
    }

    /** Stops at the next checkpoint; the operation can be resumed later. */
    public void pause() {
        control.requestStop("paused by the operator");
    }

    /** Stops at the next checkpoint and then offers a rollback. */
    public void cancel() {
        cancelled = true;
        control.requestStop("cancelled by the operator");
    }

    /** Reads what the switch-back dialog shows, off the UI thread, then asks the view to open it. */
    public void askSwitchBack() {
        String id = screen.operationIdProperty().get();
        session.background().run(() -> session.store().get(id), result -> {
            switch (result) {
                case Result.Ok<ReshardingState> ok -> screen.switchBackRequestProperty().set(SwitchBackSummary.of(ok.value()));
                case Result.Failure<ReshardingState> failure -> screen.errorProperty().set(failure.error().describe());
            }
        }, e -> screen.errorProperty().set(ErrorText.of(e)));
    }

    /** Returns the shown operation to its old topology (the operator confirmed in the switch-back dialog). */
    public void switchBack() {
        String id = screen.operationIdProperty().get();
        wayBack(() -> begin(Work.SWITCH_BACK, id, "Switching " + id + " back", () -> session.orchestrator().switchBack(id, hooks())));
    }

    /** Ends the shown operation's retention now (the caller has asked the operator first). */
    public void complete() {
        String id = screen.operationIdProperty().get();
        wayBack(() -> begin(Work.COMPLETE, id, "Completing " + id, () -> session.orchestrator().complete(id, hooks())));
    }

    /**
     * Runs a switch back or complete, first stopping the operation where it runs in this window (waiting out its
     * retention): the orchestrator takes one operation at a time, and the retention wait stops at its next round.
     */
    private void wayBack(Runnable work) {
        screen.wayBackBusyProperty().set(true);
        if (screen.runningProperty().get()) {
            afterStop = work;
            control.requestStop("stopped by the operator to leave the retention");
        } else {
            work.run();
        }
    }

    private void begin(String id, String headline, Supplier<Result<ReshardingOutcome>> work) {
        begin(Work.RUN, id, headline, work);
    }

    private void begin(Work kind, String id, String headline, Supplier<Result<ReshardingOutcome>> work) {
        if (screen.runningProperty().get()) {
            throw new IllegalStateException("an operation is running in this window already");
        }
        control = new OperationControl();
        cancelled = false;
        switchingBack = kind == Work.SWITCH_BACK;
        screen.began(id, headline);
        // Switch back and Complete stay off until this work ends: its progress still shows the retention.
        screen.wayBackBusyProperty().set(kind != Work.RUN);
        session.background().run(work::get, this::finished, e -> {
            screen.errorProperty().set(ErrorText.of(e));
            afterStop = null;
            screen.ended();
        });
    }

    private RunHooks hooks() {
        return new RunHooks(screen, gate(), control);
    }

    private CutoverGate gate() {
        return summary -> {
            CompletableFuture<GateDecision> answer = new CompletableFuture<>();
            // Called on the operation's thread: reading the stored options here keeps the UI thread free.
            Duration retention = session.store().get(summary.operationId()).map(state -> ReshardingOptions.fromJson(state.options()).retention())
                    instanceof Result.Ok<Duration> ok ? ok.value() : null;
            session.background().ui().execute(() -> screen.gateRequestProperty().set(new CutoverRequest(summary, answer, retention)));
            answer.whenComplete((decision, e) -> session.background().ui().execute(() -> screen.gateRequestProperty().set(null)));
            return answer;
        };
    }

    /**
     * Shows what the state store holds about the operation at once (phases, steps, verification): a resumed
     * operation may send its next progress much later, at the cutover gate only after the operator decided.
     */
    private void showStoredProgress(String id) {
        session.background().run(() -> session.orchestrator().progress(id), result -> {
            if (result instanceof Result.Ok<OperationProgress> ok && !screen.showsLiveProgress() && id.equals(screen.operationIdProperty().get())) {
                screen.showProgress(ok.value());
            }
        }, Failures.log(LOG, id, "Could not read the stored progress of " + id));
    }

    /** Publishes the outcome first and clears "running" last, so whoever waits for the end sees the outcome. */
    private void finished(Result<ReshardingOutcome> result) {
        switch (result) {
            case Result.Failure<ReshardingOutcome> failure -> {
                screen.errorProperty().set(failure.error().describe());
                refreshStored();
            }
            case Result.Ok<ReshardingOutcome> ok -> {
                ReshardingOutcome o = ok.value();
                screen.showProgress(OperationProgress.of(o.state(), "", 0));
                screen.describeStored(o.state(), false);
                switch (o) {
                    case ReshardingOutcome.Failed failed -> screen.errorProperty().set(failed.error().describe());
                    case ReshardingOutcome.StoppedAtGate gate -> screen.outcomeProperty().set("Stopped at the cutover gate: "
                            + gate.reason() + ". Resume to decide again.");
                    case ReshardingOutcome.Stopped stopped when switchingBack && o.state().phase() == ReshardingPhase.REPLICATING ->
                            screen.outcomeProperty().set(SwitchedBack.text(o.state()));
                    case ReshardingOutcome.Stopped stopped when afterStop != null -> screen.outcomeProperty().set(
                            "Stopped waiting out the retention (" + stopped.reason() + ").");
                    case ReshardingOutcome.Stopped stopped -> {
                        screen.outcomeProperty().set("Stopped in " + o.state().phase().label() + " (" + stopped.reason()
                                + "). Resume continues from the last checkpoint.");
                        screen.offerRollBackProperty().set(cancelled && screen.canRollBackProperty().get());
                    }
                    case ReshardingOutcome.Finished finished -> screen.outcomeProperty().set(
                            finished.state().phase() == ReshardingPhase.COMPLETED
                                    ? "Completed: every row is on its new shard." : "Rolled back: the shards are as they were before.");
                }
            }
        }
        screen.ended();
        Runnable next = afterStop;
        afterStop = null;
        if (next != null) {
            next.run();
        }
    }

    private void refreshStored() {
        String id = screen.operationIdProperty().get();
        session.background().run(() -> session.store().get(id), result -> {
            if (result instanceof Result.Ok<ReshardingState> ok) {
                screen.showStored(ok.value());
            }
        }, Failures.log(LOG, id, "Could not read the stored state of " + id));
    }
}
