package org.reshard.ui.cutover;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.reshard.ui.shell.Views;

/** Opens the cutover confirmation as a window over the console; it answers the orchestrator's gate. */
public final class CutoverDialog {

    private CutoverDialog() {
    }

    /**
     * Builds the dialog's view now and opens its window on the next turn of the JavaFX thread: a pulse can
     * run between the two, so the run's live views are not held up by both at once.
     */
    public static void show(Window owner, CutoverRequest request) {
        CutoverViewModel model = new CutoverViewModel(request);
        Parent content = Views.cutover(model);
        Platform.runLater(() -> open(owner, request, model, content));
    }

    private static void open(Window owner, CutoverRequest request, CutoverViewModel model, Parent content) {
        if (request.answer().isDone()) {
            return;
        }
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Cutover — " + model.operationId());
        Scene scene = new Scene(content);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
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
