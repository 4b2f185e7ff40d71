package org.reshard.ui.cutover;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.reshard.plan.EstimateMethod;
import org.reshard.plan.PlanStep;
import org.reshard.state.Verification;
import org.reshard.topology.HashRange;
import org.reshard.ui.common.Pulses;
import org.reshard.ui.shell.Views;
import org.reshard.workflow.CutoverSummary;

/** Opens the cutover confirmation as a window over the console; it answers the orchestrator's gate. */
public final class CutoverDialog {

    private CutoverDialog() {
    }

    /**
     * Opens the dialog in three steps with a pulse of the console between each: load the view, style it,
     * open its window. Done in one go they held the run's live views up for 70–90 ms.
     */
    public static void show(Window owner, CutoverRequest request) {
        CutoverViewModel model = new CutoverViewModel(request);
        Parent content = Views.cutover(model);
        Pulses.afterNext(owner.getScene(), () -> style(owner, request, model, content));
    }

    /**
     * Loads, styles and lays out the dialog once with a sample request, never shown, while the console is
     * idle: the first real load at the gate, in the middle of a run, then finds its classes, skins and
     * styles ready.
     */
    public static void rehearse(Scene console) {
        PlanStep step = new PlanStep(1, "orders", "shard-0", "shard-2", List.of(new HashRange(0, 1L << 62)), 1_000,
                16_000, EstimateMethod.COUNT);
        Verification verified = new Verification(true, 1_000, 1_000, "1", "1", List.of());
        CutoverSummary sample = new CutoverSummary("rehearsal", 0, 0, List.of(new CutoverSummary.StepCheck(step, verified)),
                Duration.ofMillis(100), Instant.now().plus(Duration.ofHours(1)));
        Parent content = Views.cutover(new CutoverViewModel(new CutoverRequest(sample, new CompletableFuture<>(), Duration.ofDays(1))));
        styledScene(content, console);
        content.resize(content.prefWidth(-1), content.prefHeight(-1));
        content.layout();
    }

    private static void style(Window owner, CutoverRequest request, CutoverViewModel model, Parent content) {
        if (request.answer().isDone()) {
            return;
        }
        Scene scene = styledScene(content, owner.getScene());
        Pulses.afterNext(owner.getScene(), () -> open(owner, request, model, scene));
    }

    /** The dialog's scene with the console's stylesheets, its content styled: the rehearsal and the real dialog alike. */
    private static Scene styledScene(Parent content, Scene console) {
        Scene scene = new Scene(content);
        scene.getStylesheets().addAll(console.getStylesheets());
        content.applyCss();
        return scene;
    }

    private static void open(Window owner, CutoverRequest request, CutoverViewModel model, Scene scene) {
        if (request.answer().isDone()) {
            return;
        }
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Cutover — " + model.operationId());
        stage.setScene(scene);
        stage.setOnHidden(e -> {
            if (!request.answer().isDone()) {
                model.later();
            }
        });
        request.answer().whenComplete((decision, error) -> Platform.runLater(stage::close));
        stage.show();
    }
}
