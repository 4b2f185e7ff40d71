package org.reshard.ui.cutover;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** Binds the switch-back dialog; either answer closes the window. */
public final class SwitchBackController {

    private final SwitchBackViewModel model;

    @FXML
    private Label title;
    @FXML
    private Label lag;
    @FXML
    private Label pause;
    @FXML
    private Label openUntil;
    @FXML
    private Label whatHappens;
    @FXML
    private Button cancel;
    @FXML
    private Button confirm;

    public SwitchBackController(SwitchBackViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        title.setText(model.title());
        lag.setText(model.lag());
        pause.setText(model.expectedPause());
        openUntil.setText(model.openUntil());
        whatHappens.setText(model.whatHappens());
        confirm.disableProperty().bind(model.answeredProperty());
        cancel.disableProperty().bind(model.answeredProperty());
        confirm.setOnAction(e -> answer(model::confirm));
        cancel.setOnAction(e -> answer(model::cancel));
        // Keyboard: the operator came for the switch back, so Space or Enter confirms it; Esc cancels (the cancel button).
        confirm.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((w, a, window) -> {
                    if (window != null) {
                        window.setOnShown(e -> confirm.requestFocus());
                    }
                });
            }
        });
    }

    private void answer(Runnable decision) {
        decision.run();
        ((Stage) confirm.getScene().getWindow()).close();
    }
}
