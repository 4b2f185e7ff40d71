package org.reshard.ui.cutover;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.reshard.ui.shell.Views;

/** Opens the switch-back confirmation as a window over the console; closing it without confirming changes nothing. */
public final class SwitchBackDialog {

    private SwitchBackDialog() {
    }

    public static void show(Window owner, SwitchBackViewModel model) {
        Parent content = Views.switchBack(model);
        Scene scene = new Scene(content);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Switch back — " + model.operationId());
        stage.setScene(scene);
        stage.show();
    }
}
