package org.reshard.ui.cutover;

import java.time.Instant;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.reshard.ui.common.StyleClasses;

/** Binds the cutover dialog and counts down to the timeout; every answer closes the window. */
public final class CutoverController {

    private final CutoverViewModel model;
    private final Timeline clock;
    /** Whether the dialog's window is showing; kept in a field so the listener on it lives as long as the view. */
    private ObservableValue<Boolean> showing;

    @FXML
    private Label title;
    @FXML
    private Label lag;
    @FXML
    private Label pause;
    @FXML
    private Label wayBack;
    @FXML
    private VBox checks;
    @FXML
    private CheckBox acknowledge;
    @FXML
    private Label countdown;
    @FXML
    private Button later;
    @FXML
    private Button abort;
    @FXML
    private Button approve;

    public CutoverController(CutoverViewModel model) {
        this.model = model;
        this.clock = new Timeline(new KeyFrame(Duration.millis(250), e -> model.tick(Instant.now())));
        clock.setCycleCount(Timeline.INDEFINITE);
    }

    @FXML
    private void initialize() {
        title.setText(model.title());
        lag.setText(model.lag());
        pause.setText(model.expectedPause());
        wayBack.textProperty().bind(model.wayBackProperty());
        for (CutoverViewModel.CheckRow row : model.checks()) {
            FontIcon icon = new FontIcon(row.verified() ? "fth-check-circle" : "fth-alert-octagon");
            icon.getStyleClass().add(row.verified() ? StyleClasses.SUCCESS_ICON : StyleClasses.DANGER_ICON);
            Label step = new Label(row.step());
            step.getStyleClass().add(StyleClasses.CHECK_STEP);
            Label ranges = new Label(row.ranges());
            ranges.getStyleClass().add(StyleClasses.MUTED);
            Label verification = new Label(row.verification());
            HBox line = new HBox(8, icon, new VBox(2, step, ranges, verification));
            line.getStyleClass().add(StyleClasses.CHECK_ROW);
            checks.getChildren().add(line);
        }
        acknowledge.setText(model.acknowledgement());
        acknowledge.selectedProperty().bindBidirectional(model.acknowledgedProperty());
        acknowledge.disableProperty().bind(model.expiredProperty());
        countdown.textProperty().bind(model.countdownProperty());
        approve.disableProperty().bind(model.canApproveProperty().not());
        approve.setOnAction(e -> answer(model::approve));
        abort.setOnAction(e -> answer(model::abort));
        later.setOnAction(e -> answer(model::later));
        // Enter pushes the focused button, and anywhere else approves once that is allowed (the default button).
        approve.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                    if (e.getCode() != javafx.scene.input.KeyCode.ENTER || e.isShortcutDown() || e.isAltDown()) {
                        return;
                    }
                    if (scene.getFocusOwner() instanceof javafx.scene.control.Button focused && !focused.isDisabled()) {
                        focused.fire();
                        e.consume();
                    } else if (!approve.isDisabled()) {
                        approve.fire();
                        e.consume();
                    }
                });
            }
        });
        model.expiredProperty().addListener((o, a, expired) -> {
            if (expired) {
                clock.stop();
            }
        });
        // The clock runs while the window shows, so a view loaded but never shown (the rehearsal) leaves none behind.
        showing = approve.sceneProperty().flatMap(Scene::windowProperty).flatMap(Window::showingProperty).orElse(false);
        showing.addListener((o, was, shown) -> {
            if (shown && !model.expiredProperty().get()) {
                clock.play();
                // Keyboard: Space ticks the acknowledgement, Enter then approves (the default button), Esc aborts.
                acknowledge.requestFocus();
            } else {
                clock.stop();
            }
        });
    }

    private void answer(Runnable decision) {
        decision.run();
        clock.stop();
        ((Stage) approve.getScene().getWindow()).close();
    }
}
