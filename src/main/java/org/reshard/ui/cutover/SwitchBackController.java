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
    private Button cancelSwitchBack;
    @FXML
    private Button confirmSwitchBack;

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
        confirmSwitchBack.disableProperty().bind(model.answeredProperty());
        cancelSwitchBack.disableProperty().bind(model.answeredProperty());
        confirmSwitchBack.setOnAction(e -> answer(model::confirm));
        cancelSwitchBack.setOnAction(e -> answer(model::cancel));
        // Keyboard: the operator came for the switch back, so Space or Enter confirms it; Esc cancels (the cancel button).
        confirmSwitchBack.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((w, a, window) -> {
                    if (window != null) {
                        window.setOnShown(e -> confirmSwitchBack.requestFocus());
                    }
                });
            }
        });
    }

    private void answer(Runnable decision) {
        decision.run();
        ((Stage) confirmSwitchBack.getScene().getWindow()).close();
    }
}
