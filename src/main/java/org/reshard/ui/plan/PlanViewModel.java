package org.reshard.ui.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.cdc.CaptureSetting;
import org.reshard.common.Bytes;
import org.reshard.common.Durations;
import org.reshard.common.Result;
import org.reshard.plan.CapturePreview;
import org.reshard.plan.PlanEstimate;
import org.reshard.plan.PlanJson;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.topology.Topology;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.common.WorkspaceLoader;

/**
 * The plan review: steps and totals (computed whenever both topologies are loaded), each source's change capture, the
 * options, Start and export.
 */
public final class PlanViewModel {

    private final ConsoleSession session;
    private final OptionsForm options = new OptionsForm();
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final StringProperty totals = new SimpleStringProperty("");
    private final StringProperty duration = new SimpleStringProperty("");
    private final StringProperty title = new SimpleStringProperty("Load a current and a target topology to see the plan.");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final BooleanProperty computing = new SimpleBooleanProperty();
    private final ObservableList<CaptureRow> captures = FXCollections.observableArrayList();
    private final StringProperty captureNote = new SimpleStringProperty("");
    private final BooleanBinding canStart;
    private boolean adopting;
    /** The plan whose sources are asked about capture: the one planned here, not a stored operation's (it decided already). */
    private ReshardingPlan probed;
    private CapturePreview preview;

    public PlanViewModel(ConsoleSession session) {
        this.session = session;
        session.currentTopologyProperty().addListener((o, a, b) -> recomputeUnlessAdopting());
        session.targetTopologyProperty().addListener((o, a, b) -> recomputeUnlessAdopting());
        canStart = Bindings.createBooleanBinding(() -> session.planProperty().get() != null && options.validProperty().get()
                        && !computing.get() && !session.runningProperty().get() && !session.readOnly(),
                session.planProperty(), options.validProperty(), computing, session.runningProperty(), session.readOnlyReasonProperty());
        options.captureProperty().addListener((o, a, b) -> {
            if (probed != null) {
                probeCaptures(probed);
            }
        });
        recompute();
    }

    private void recomputeUnlessAdopting() {
        if (!adopting) {
            recompute();
        }
    }

    /**
     * Shows a stored operation's plan as the workspace (Resume, Inspect): its two topologies load as the
     * current and target, and its steps show as planned then, without asking the shards again.
     */
    public void adopt(ReshardingPlan plan) {
        adopting = true;
        try {
            session.currentTopologyProperty().set(plan.from());
            session.targetTopologyProperty().set(plan.to());
        } finally {
            adopting = false;
        }
        steps.clear();
        problems.clear();
        computing.set(false);
        forgetCaptures();
        captureNote.set("This operation chose each source's change capture at its pre-flight: the Run screen's log and"
                + " 'reshard status' show it.");
        show(plan);
    }

    /** Plans again from the loaded topologies; the shards are asked for row estimates, off the UI thread. */
    public void recompute() {
        Topology current = session.currentTopologyProperty().get();
        Topology target = session.targetTopologyProperty().get();
        session.planProperty().set(null);
        steps.clear();
        problems.clear();
        forgetCaptures();
        totals.set("");
        duration.set("");
        if (current == null || target == null) {
            title.set("Load a current and a target topology to see the plan.");
            return;
        }
        computing.set(true);
        title.set("Planning " + current.name() + " → " + target.name() + ": asking the shards how many rows move…");
        session.background().run(() -> session.orchestrator().plan(new ReshardingRequest(current, target)), result -> {
            computing.set(false);
            if (session.currentTopologyProperty().get() != current || session.targetTopologyProperty().get() != target) {
                return;
            }
            switch (result) {
                case Result.Ok<ReshardingPlan> ok -> {
                    show(ok.value());
                    probed = ok.value();
                    probeCaptures(ok.value());
                }
                case Result.Failure<ReshardingPlan> failure -> {
                    title.set("No plan: " + failure.error().code().code());
                    problems.setAll(WorkspaceLoader.lines(failure.error()));
                }
            }
        }, e -> {
            computing.set(false);
            problems.setAll(String.valueOf(e.getMessage()));
        });
    }

    private void show(ReshardingPlan plan) {
        session.planProperty().set(plan);
        steps.setAll(plan.steps().stream().map(StepRow::of).toList());
        PlanEstimate e = plan.estimate();
        title.set("Plan " + plan.id() + ": " + plan.from().name() + " (" + shards(plan.from().shards().size()) + ") → "
                + plan.to().name() + " (" + shards(plan.to().shards().size()) + ")");
        totals.set(String.format(Locale.ROOT, "%d steps · %,d rows · %s · %.1f%% of the hash space changes owner",
                plan.steps().size(), e.totalRows(), Bytes.format(e.totalBytes()), e.movedHashShare() * 100));
        duration.set("Estimated duration " + Durations.human(e.duration()) + " at " + e.rate().describe()
                + ". Nothing has been changed yet: this is a dry run.");
    }

    private void forgetCaptures() {
        probed = null;
        preview = null;
        captures.clear();
        captureNote.set("");
    }

    /**
     * Asks each source which change capture pre-flight would give it under the chosen setting, off the UI thread:
     * a connection per source, the same question the run asks before it installs anything.
     */
    private void probeCaptures(ReshardingPlan plan) {
        CaptureSetting setting = options.captureProperty().get();
        preview = null;
        captures.clear();
        captureNote.set("Asking the sources which change capture they allow…");
        session.background().run(() -> CapturePreview.of(plan, setting), found -> {
            if (probed != plan || options.captureProperty().get() != setting) {
                return;
            }
            preview = found;
            List<String> refused = found.problems();
            // The note first: whoever sees the rows arrive sees the note that goes with them.
            captureNote.set(refused.isEmpty() ? "" : "Pre-flight will refuse to start: " + refused.size()
                    + (refused.size() == 1 ? " source cannot" : " sources cannot") + " use " + setting.label()
                    + " capture. Fix the source, or choose auto to use triggers where logical decoding is not possible.");
            captures.setAll(found.sources().entrySet().stream().map(e -> CaptureRow.of(e.getKey(), e.getValue())).toList());
        }, e -> {
            if (probed == plan) {
                captureNote.set("Could not ask the sources about change capture: " + e.getMessage());
            }
        });
    }

    private static String shards(int count) {
        return count + (count == 1 ? " shard" : " shards");
    }

    /** Writes the plan as JSON (passwords only as ${env:…} references). */
    public void export(Path file) throws IOException {
        ReshardingPlan plan = session.planProperty().get();
        if (plan == null) {
            throw new IllegalStateException("there is no plan to export");
        }
        // With each source's capture when it was asked for this plan, as 'reshard plan --json' prints it.
        String json = preview != null && probed == plan ? PlanJson.toText(plan, preview) : PlanJson.toText(plan);
        Files.writeString(file, json + System.lineSeparator());
    }

    public OptionsForm options() {
        return options;
    }

    public ObservableList<StepRow> steps() {
        return steps;
    }

    /** Each source's change capture and why, as pre-flight would decide it under the chosen setting. */
    public ObservableList<CaptureRow> captures() {
        return captures;
    }

    /** What to know about the captures: being asked, a source that cannot use the capture asked for, or empty. */
    public StringProperty captureNoteProperty() {
        return captureNote;
    }

    public ObservableList<String> problems() {
        return problems;
    }

    public StringProperty totalsProperty() {
        return totals;
    }

    public StringProperty durationProperty() {
        return duration;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public BooleanProperty computingProperty() {
        return computing;
    }

    public BooleanBinding canStartProperty() {
        return canStart;
    }

    public ReshardingPlan plan() {
        return session.planProperty().get();
    }
}
