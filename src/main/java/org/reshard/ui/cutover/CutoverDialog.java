package org.reshard.ui.cutover;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.reshard.ui.common.Pulses;
import org.reshard.ui.shell.Views;

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

    private static void style(Window owner, CutoverRequest request, CutoverViewModel model, Parent content) {
        if (request.answer().isDone()) {
            return;
        }
        Scene scene = new Scene(content);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        content.applyCss();
        Pulses.afterNext(owner.getScene(), () -> open(owner, request, model, scene));
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
