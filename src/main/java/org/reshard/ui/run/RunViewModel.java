package org.reshard.ui.run;

import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.common.Durations;
import org.reshard.common.Result;
import org.reshard.observe.ReshardingMetrics;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.PhaseTiming;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.common.ConsoleLog;
import org.reshard.ui.cutover.CutoverRequest;
import org.reshard.workflow.CutoverGate;
import org.reshard.workflow.GateDecision;
import org.reshard.workflow.OperationControl;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/**
 * The run screen: starts, resumes, pauses, cancels and rolls back an operation off the UI thread, and
 * turns its progress into the phase timeline, the step table, the live charts and the log pane.
 */
public final class RunViewModel implements ReshardingListener {

    private static final int MAX_LOG_LINES = 2_000;
    private static final int MAX_POINTS = 300;

    private final ConsoleSession session;
    private final StringProperty operationId = new SimpleStringProperty("");
    private final StringProperty headline = new SimpleStringProperty("No operation yet — review a plan and press Start.");
    private final StringProperty activity = new SimpleStringProperty("");
    private final StringProperty outcome = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final DoubleProperty percent = new SimpleDoubleProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty resumable = new SimpleBooleanProperty();
    private final BooleanProperty canRollBack = new SimpleBooleanProperty();
    private final BooleanProperty offerRollBack = new SimpleBooleanProperty();
    private final ObservableList<PhaseItem> timeline = FXCollections.observableArrayList();
    private final ObservableList<StepProgressRow> steps = FXCollections.observableArrayList();
    private final ObservableList<MetricPoint> rate = FXCollections.observableArrayList();
    private final ObservableList<MetricPoint> lag = FXCollections.observableArrayList();
    private final ObservableList<ConsoleLog.Entry> log = FXCollections.observableArrayList();
    private final ObjectProperty<CutoverRequest> gateRequest = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<ReshardingPhase> phase = new ReadOnlyObjectWrapper<>();
    private final AtomicReference<OperationProgress> pendingProgress = new AtomicReference<>();
    private final AtomicBoolean progressScheduled = new AtomicBoolean();
    private volatile OperationControl control = new OperationControl();
    private volatile boolean cancelled;
    private volatile boolean liveProgress;
    private long rowsMoved;
    private long rowsMovedAtSample;
    private Instant started = Instant.now();

    public RunViewModel(ConsoleSession session) {
        this.session = session;
        session.log().listen(entry -> {
            if (!entry.operation().isEmpty() && entry.operation().equals(operationId.get())) {
                session.background().ui().execute(() -> {
                    log.add(entry);
                    if (log.size() > MAX_LOG_LINES) {
                        log.remove(0, log.size() - MAX_LOG_LINES);
                    }
                });
            }
        });
        resetTimeline();
    }

    /** Starts a new operation from a plan. */
    public void start(ReshardingPlan plan, ReshardingOptions options) {
        begin(plan.id(), "Starting " + plan.id(), () -> session.orchestrator().execute(plan, options, hooks()));
    }

    /** Continues an interrupted, paused or failed operation from its checkpoint. */
    public void resume(String id) {
        begin(id, "Resuming " + id, () -> session.orchestrator().resume(id, hooks()));
        showStored(id);
    }

    /**
     * Shows what the state store holds about the operation at once (phases, steps, verification): a resumed
     * operation may send its next progress much later, at the cutover gate only after the operator decided.
     */
    private void showStored(String id) {
        session.background().run(() -> session.orchestrator().progress(id), result -> {
            if (result instanceof Result.Ok<OperationProgress> ok && !liveProgress && id.equals(operationId.get())) {
                apply(ok.value());
            }
        }, e -> { });
    }

    /** Shows a stored operation without running it. */
    public void inspect(String id) {
        operationId.set(id);
        log.clear();
        session.background().run(() -> session.store().get(id), result -> {
            switch (result) {
                case Result.Ok<ReshardingState> ok -> {
                    apply(OperationProgress.of(ok.value(), "", 0));
                    describeStored(ok.value(), running.get());
                }
                case Result.Failure<ReshardingState> failure -> error.set(failure.error().describe());
            }
        }, e -> error.set(org.reshard.common.ErrorText.of(e)));
    }

    /** Rolls the shown operation back (the caller has asked the operator first). */
    public void rollBack() {
        String id = operationId.get();
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

    private RunHooks hooks() {
        return new RunHooks(this, gate(), control);
    }

    private CutoverGate gate() {
        return summary -> {
            CompletableFuture<GateDecision> answer = new CompletableFuture<>();
            session.background().ui().execute(() -> gateRequest.set(new CutoverRequest(summary, answer)));
            answer.whenComplete((decision, e) -> session.background().ui().execute(() -> gateRequest.set(null)));
            return answer;
        };
    }

    private void begin(String id, String text, Supplier<Result<ReshardingOutcome>> work) {
        if (running.get()) {
            throw new IllegalStateException("an operation is running in this window already");
        }
        control = new OperationControl();
        cancelled = false;
        liveProgress = false;
        if (!id.equals(operationId.get())) {
            log.clear();
            rate.clear();
            lag.clear();
            resetTimeline();
            steps.clear();
        }
        operationId.set(id);
        started = Instant.now();
        running.set(true);
        session.runningProperty().set(true);
        resumable.set(false);
        canRollBack.set(false);
        offerRollBack.set(false);
        error.set("");
        outcome.set("");
        headline.set(text);
        session.background().run(work::get, this::finished, e -> {
            error.set(org.reshard.common.ErrorText.of(e));
            done();
        });
    }

    /** Publishes the outcome first and clears "running" last, so whoever waits for the end sees the outcome. */
    private void finished(Result<ReshardingOutcome> result) {
        switch (result) {
            case Result.Failure<ReshardingOutcome> failure -> {
                error.set(failure.error().describe());
                refreshStored();
            }
            case Result.Ok<ReshardingOutcome> ok -> {
                ReshardingOutcome o = ok.value();
                apply(OperationProgress.of(o.state(), "", 0));
                describeStored(o.state(), false);
                switch (o) {
                    case ReshardingOutcome.Failed failed -> error.set(failed.error().describe());
                    case ReshardingOutcome.StoppedAtGate gate -> outcome.set("Stopped at the cutover gate: " + gate.reason()
                            + ". Resume to decide again.");
                    case ReshardingOutcome.Stopped stopped -> {
                        outcome.set("Stopped in " + o.state().phase().label() + " (" + stopped.reason() + "). Resume continues"
                                + " from the last checkpoint.");
                        offerRollBack.set(cancelled && canRollBack.get());
                    }
                    case ReshardingOutcome.Finished finished -> outcome.set(finished.state().phase() == ReshardingPhase.COMPLETED
                            ? "Completed: every row is on its new shard." : "Rolled back: the shards are as they were before.");
                }
            }
        }
        done();
    }

    private void done() {
        running.set(false);
        session.runningProperty().set(false);
    }

    private void refreshStored() {
        String id = operationId.get();
        session.background().run(() -> session.store().get(id), result -> {
            if (result instanceof Result.Ok<ReshardingState> ok) {
                apply(OperationProgress.of(ok.value(), "", 0));
                describeStored(ok.value(), running.get());
            }
        }, e -> { });
    }

    /** What the stored state allows; {@code runningNow} is false while a finished run is being published. */
    private void describeStored(ReshardingState state, boolean runningNow) {
        boolean active = state.isActive();
        boolean published = state.publishedVersion() != null || state.phase() == ReshardingPhase.CLEANING_UP;
        resumable.set(active && !runningNow);
        canRollBack.set(active && !published && !runningNow);
        headline.set(state.id() + " — " + state.phase().label());
        if (state.failure() != null && error.get().isEmpty()) {
            StringBuilder text = new StringBuilder(state.failure().code()).append(": ").append(state.failure().message());
            for (var cause = state.failure().cause(); cause != null; cause = cause.cause()) {
                text.append(System.lineSeparator()).append("caused by ").append(cause.code()).append(": ").append(cause.message());
            }
            error.set(text.toString());
        }
    }

    @Override
    public void progress(OperationProgress progress) {
        liveProgress = true;
        pendingProgress.set(progress);
        if (progressScheduled.compareAndSet(false, true)) {
            session.background().ui().execute(() -> {
                progressScheduled.set(false);
                OperationProgress latest = pendingProgress.getAndSet(null);
                if (latest != null) {
                    apply(latest);
                }
            });
        }
    }

    @Override
    public void event(String id, String message) {
        session.background().ui().execute(() -> activity.set(message));
    }

    private void apply(OperationProgress p) {
        phase.set(p.phase());
        percent.set(p.overallPercent() / 100.0);
        headline.set(p.id() + " — " + p.phase().label() + String.format(java.util.Locale.ROOT, " (%.1f%%)", p.overallPercent()));
        if (!p.activity().isEmpty()) {
            activity.set(p.activity());
        }
        update(steps, p.steps().stream().map(StepProgressRow::of).toList());
        rowsMoved = p.steps().stream().mapToLong(s -> s.rowsCopied() + s.rowsReplicated()).sum();
        update(timeline, timeline(p));
    }

    /**
     * Replaces only the elements that changed: progress comes many times a second and most rows stay the
     * same, and a replaced list makes the views redo every row.
     */
    private static <T> void update(ObservableList<T> shown, List<T> now) {
        if (shown.size() != now.size()) {
            shown.setAll(now);
            return;
        }
        for (int i = 0; i < now.size(); i++) {
            if (!now.get(i).equals(shown.get(i))) {
                shown.set(i, now.get(i));
            }
        }
    }

    private void resetTimeline() {
        timeline.setAll(ReshardingPhase.WORKING.stream().map(ph -> new PhaseItem(ph.label(), PhaseItem.State.PENDING, "")).toList());
    }

    /** The six phases with their state and duration, from the operation's phase history. */
    static List<PhaseItem> timeline(OperationProgress p) {
        Instant now = Instant.now();
        List<PhaseItem> items = new ArrayList<>();
        for (ReshardingPhase phase : ReshardingPhase.WORKING) {
            PhaseTiming last = null;
            Duration total = Duration.ZERO;
            for (PhaseTiming t : p.history()) {
                if (t.phase() == phase) {
                    last = t;
                    total = total.plus(t.duration(now));
                }
            }
            PhaseItem.State state;
            if (last == null) {
                state = PhaseItem.State.PENDING;
            } else if (p.phase() == phase) {
                state = PhaseItem.State.RUNNING;
            } else if (p.phase() == ReshardingPhase.FAILED && p.lastCompletedPhase() != null && p.lastCompletedPhase().next() == phase
                    || p.phase() == ReshardingPhase.FAILED && p.lastCompletedPhase() == null && phase == ReshardingPhase.PLANNING) {
                state = PhaseItem.State.FAILED;
            } else if (p.lastCompletedPhase() != null && phase.ordinal() <= p.lastCompletedPhase().ordinal()) {
                state = PhaseItem.State.DONE;
            } else {
                state = PhaseItem.State.STOPPED;
            }
            items.add(new PhaseItem(phase.label(), state, last == null ? "" : Durations.human(total)));
        }
        return items;
    }

    /** Reads the rows-per-second and lag gauges of the running operation for the charts (off the UI thread). */
    public void sample() {
        String id = operationId.get();
        if (!running.get() || id.isEmpty()) {
            return;
        }
        long moved = rowsMoved;
        boolean movedSinceLastSample = moved != rowsMovedAtSample;
        rowsMovedAtSample = moved;
        session.background().run(() -> session.telemetry().collect(), metrics -> {
            double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            for (MetricData m : metrics) {
                switch (m.getName()) {
                    case "reshard.rows_per_second" -> m.getDoubleGaugeData().getPoints().stream()
                            .filter(p -> id.equals(p.getAttributes().get(ReshardingMetrics.OPERATION)))
                            .forEach(p -> add(rate, new MetricPoint(seconds, copyRate(phase.get(), p.getValue(), movedSinceLastSample))));
                    case "reshard.cdc_lag_ms" -> m.getLongGaugeData().getPoints().stream()
                            .filter(p -> id.equals(p.getAttributes().get(ReshardingMetrics.OPERATION)))
                            .forEach(p -> add(lag, new MetricPoint(seconds, p.getValue())));
                    default -> { }
                }
            }
        }, e -> { });
    }

    /**
     * The chart's rows per second: the gauge keeps the copy's (or apply's) last rate after the rows stopped
     * moving; after Copying it counts only while replicated rows grow, else the chart shows 0 (a whole
     * retention in Cleaning up moves nothing).
     */
    static double copyRate(ReshardingPhase phase, double gauge, boolean rowsMovedSinceLastSample) {
        return phase == ReshardingPhase.COPYING || rowsMovedSinceLastSample ? gauge : 0;
    }

    private static void add(ObservableList<MetricPoint> series, MetricPoint point) {
        series.add(point);
        if (series.size() > MAX_POINTS) {
            series.remove(0, series.size() - MAX_POINTS);
        }
    }

    public StringProperty operationIdProperty() {
        return operationId;
    }

    public StringProperty headlineProperty() {
        return headline;
    }

    public StringProperty activityProperty() {
        return activity;
    }

    public StringProperty outcomeProperty() {
        return outcome;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public DoubleProperty percentProperty() {
        return percent;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public BooleanProperty resumableProperty() {
        return resumable;
    }

    public BooleanProperty canRollBackProperty() {
        return canRollBack;
    }

    /** Set after Cancel stopped the operation: the view asks whether to roll back now. */
    public BooleanProperty offerRollBackProperty() {
        return offerRollBack;
    }

    public ObservableList<PhaseItem> timeline() {
        return timeline;
    }

    public ObservableList<StepProgressRow> steps() {
        return steps;
    }

    public ObservableList<MetricPoint> rate() {
        return rate;
    }

    public ObservableList<MetricPoint> lag() {
        return lag;
    }

    public ObservableList<ConsoleLog.Entry> log() {
        return log;
    }

    /** The shown operation's phase; null before one shows. A cutover publishes a topology, so other screens follow it. */
    public ReadOnlyObjectProperty<ReshardingPhase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ObjectProperty<CutoverRequest> gateRequestProperty() {
        return gateRequest;
    }

    /** Asks the running operation to stop at its next checkpoint, as closing the window does. */
    public OperationControl control() {
        return control;
    }
}
