package org.reshard.ui.cutover;

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

    public static void show(Window owner, CutoverRequest request) {
        CutoverViewModel model = new CutoverViewModel(request);
        Parent content = Views.cutover(model);
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
        request.answer().whenComplete((decision, error) -> javafx.application.Platform.runLater(stage::close));
        stage.show();
    }
}
