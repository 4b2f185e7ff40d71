package org.reshard.ui.run;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.common.ConsoleLog;
import org.reshard.ui.cutover.CutoverRequest;
import org.reshard.ui.cutover.SwitchBackSummary;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingListener;

/**
 * The Run screen's state: the shown operation's headline, outcome and error, its phase timeline, step table,
 * chart points and log lines, turned from the operation's progress; {@link #actions()} start and stop it.
 */
public final class RunViewModel implements ReshardingListener {

    private final ConsoleSession session;
    private final RunActions actions;
    private final PhaseTimeline timeline = new PhaseTimeline();
    private final WaitingBanner waiting = new WaitingBanner(ZoneId.systemDefault());
    private final MetricSampler sampler;
    private final RunLog log;
    private final StringProperty operationId = new SimpleStringProperty("");
    private final StringProperty headline = new SimpleStringProperty("No operation yet — review a plan and press Start.");
    private final StringProperty activity = new SimpleStringProperty("");
    private final StringProperty outcome = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final DoubleProperty percent = new SimpleDoubleProperty();
    private final ObservableValue<String> percentText = percent.map(p -> String.format(Locale.ROOT, "%.1f%%", p.doubleValue() * 100));
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty resumable = new SimpleBooleanProperty();
    private final BooleanProperty canRollBack = new SimpleBooleanProperty();
    private final BooleanProperty offerRollBack = new SimpleBooleanProperty();
    private final BooleanBinding canResume;
    /** The shown operation waits out its retention after publishing: Switch back and Complete are on. */
    private final BooleanProperty retaining = new SimpleBooleanProperty();
    /** A switch back or complete was asked for and has not ended yet (it may first wait for the running operation to stop). */
    private final BooleanProperty wayBackBusy = new SimpleBooleanProperty();
    private final BooleanBinding canUseWayBack;
    private final ObjectProperty<SwitchBackSummary> switchBackRequest = new SimpleObjectProperty<>();
    private final ObservableList<StepProgressRow> steps = FXCollections.observableArrayList();
    private final ObjectProperty<CutoverRequest> gateRequest = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<ReshardingPhase> phase = new ReadOnlyObjectWrapper<>();
    private final AtomicReference<OperationProgress> pendingProgress = new AtomicReference<>();
    private final AtomicBoolean progressScheduled = new AtomicBoolean();
    private volatile boolean liveProgress;
    /** The progress shown last, so the timeline's durations can go on while the operation waits and none arrives. */
    private OperationProgress shown;

    public RunViewModel(ConsoleSession session) {
        this.session = session;
        this.actions = new RunActions(session, this);
        this.sampler = new MetricSampler(session);
        this.log = new RunLog(session, operationId::get);
        // A read-only window (another process holds the state file) can watch but never resume.
        this.canResume = Bindings.createBooleanBinding(() -> resumable.get() && !running.get() && !session.readOnly(),
                resumable, running, session.readOnlyReasonProperty());
        this.canUseWayBack = Bindings.createBooleanBinding(() -> retaining.get() && !wayBackBusy.get() && !session.readOnly(),
                retaining, wayBackBusy, session.readOnlyReasonProperty());
    }

    /** Start, resume, inspect, pause, cancel, roll back, and after cutover switch back and complete. */
    public RunActions actions() {
        return actions;
    }

    /** Adds a point to each chart for the running operation (called every second while one runs). */
    public void sample() {
        String id = operationId.get();
        if (running.get() && !id.isEmpty()) {
            sampler.sample(id, phase.get());
        }
        // The retention ends by the clock, with no progress to say so: cleanup has started, the way back is closed.
        retaining.set(WayBack.open(shown, Instant.now()));
    }

    /** An operation begins to run in this window; the screen forgets what it showed of another one. */
    void began(String id, String text) {
        liveProgress = false;
        boolean other = !id.equals(operationId.get());
        if (other) {
            log.clear();
            timeline.reset();
            steps.clear();
            waiting.show(null, Instant.now());
            shown = null;
        }
        sampler.restart(other);
        operationId.set(id);
        running.set(true);
        session.runningProperty().set(true);
        resumable.set(false);
        canRollBack.set(false);
        offerRollBack.set(false);
        error.set("");
        outcome.set("");
        headline.set(text);
    }

    /** The running operation's work has returned. */
    void ended() {
        wayBackBusy.set(false);
        running.set(false);
        session.runningProperty().set(false);
    }

    /** Shows a stored operation that is not running (Inspect): its lines start from here. */
    void showOperation(String id) {
        operationId.set(id);
        log.clear();
    }

    /** Whether progress from the running operation has arrived since it began. */
    boolean showsLiveProgress() {
        return liveProgress;
    }

    /** Shows what the state store holds about the operation, and what it allows now. */
    void showStored(ReshardingState state) {
        showProgress(OperationProgress.of(state, "", 0));
        describeStored(state, running.get());
    }

    /** What the stored state allows; {@code runningNow} is false while a finished run is being published. */
    void describeStored(ReshardingState state, boolean runningNow) {
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
        // Progress comes faster than frames: the UI thread shows only the latest of what arrived since its last turn.
        if (progressScheduled.compareAndSet(false, true)) {
            session.background().ui().execute(() -> {
                progressScheduled.set(false);
                OperationProgress latest = pendingProgress.getAndSet(null);
                if (latest != null) {
                    showProgress(latest);
                }
            });
        }
    }

    @Override
    public void event(String id, String message) {
        session.background().ui().execute(() -> activity.set(message));
    }

    void showProgress(OperationProgress p) {
        showProgress(p, Instant.now());
    }

    /** Shows the progress as of {@code now}: the countdown of a wait is measured from it. */
    void showProgress(OperationProgress p, Instant now) {
        shown = p;
        phase.set(p.phase());
        percent.set(p.overallPercent() / 100.0);
        headline.set(p.id() + " — " + p.phase().label() + String.format(Locale.ROOT, " (%.1f%%)", p.overallPercent()));
        if (!p.activity().isEmpty()) {
            activity.set(p.activity());
        }
        ObservableLists.update(steps, p.steps().stream().map(s -> StepProgressRow.of(s, p.waiting())).toList());
        sampler.rowsMoved(p.steps().stream().mapToLong(s -> s.rowsCopied() + s.rowsReplicated()).sum());
        sampler.reverseLagMs(p.reverseLagMs());
        timeline.show(p, now);
        waiting.show(p.waiting(), now);
        retaining.set(WayBack.open(p, now));
    }

    /** Called each second while the operation waits: counts down to the next attempt, and the waiting phase's time goes on. */
    public void tick(Instant now) {
        if (shown != null && shown.waiting() != null) {
            waiting.tick(now);
            timeline.show(shown, now);
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

    /** The whole operation's progress, 0 to 1. */
    public DoubleProperty percentProperty() {
        return percent;
    }

    /** The same as text: "42.5%". */
    public ObservableValue<String> percentTextProperty() {
        return percentText;
    }

    /** Whether the shown operation waits out a transient fault: the banner shows, and the screen counts down. */
    public ReadOnlyBooleanProperty waitingProperty() {
        return waiting.shownProperty();
    }

    /** What it waits for, with the countdown: "waiting for shard s2 (127.0.0.1:5433): connection refused — retry 3 in 8 s (…)". */
    public ReadOnlyStringProperty waitingTextProperty() {
        return waiting.textProperty();
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public BooleanProperty resumableProperty() {
        return resumable;
    }

    /** Resume is offered: the shown operation can continue, nothing runs, and this window may change operations. */
    public BooleanBinding canResumeProperty() {
        return canResume;
    }

    public BooleanProperty canRollBackProperty() {
        return canRollBack;
    }

    /** Set after Cancel stopped the operation: the view asks whether to roll back now. */
    public BooleanProperty offerRollBackProperty() {
        return offerRollBack;
    }

    public ObservableList<PhaseItem> timeline() {
        return timeline.items();
    }

    public ObservableList<StepProgressRow> steps() {
        return steps;
    }

    public ObservableList<MetricPoint> rate() {
        return sampler.rate();
    }

    public ObservableList<MetricPoint> lag() {
        return sampler.lag();
    }

    /** The reverse replication lag after cutover, in ms, while the operation waits out its retention. */
    public ObservableList<MetricPoint> reverseLag() {
        return sampler.reverseLag();
    }

    public ObservableList<ConsoleLog.Entry> log() {
        return log.lines();
    }

    /** The shown operation's phase; null before one shows. A cutover publishes a topology, so other screens follow it. */
    public ReadOnlyObjectProperty<ReshardingPhase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** Switch back and Complete are offered: the shown operation waits out its retention, and this window may change operations. */
    public BooleanBinding canUseWayBackProperty() {
        return canUseWayBack;
    }

    /** Set while a switch back or complete is on its way; the buttons stay off until it ends. */
    BooleanProperty wayBackBusyProperty() {
        return wayBackBusy;
    }

    /** Set when the switch-back dialog should open with this summary; the view opens it and clears this. */
    public ObjectProperty<SwitchBackSummary> switchBackRequestProperty() {
        return switchBackRequest;
    }

    /** When cleanup starts for the shown operation (the way back closes), null when it does not wait out a retention. */
    public Instant retainedUntil() {
        return shown == null ? null : shown.cleanupNotBefore();
    }

    public ObjectProperty<CutoverRequest> gateRequestProperty() {
        return gateRequest;
    }
}
