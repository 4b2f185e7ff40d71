package org.reshard.ui.start;

import java.io.File;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.reshard.ui.common.Confirmations;
import org.reshard.ui.common.ConsolePreferences.Workspace;
import org.reshard.ui.common.StyleClasses;
import org.reshard.ui.shell.MainViewModel;
import org.reshard.ui.shell.Screen;

/** Binds the start screen: interrupted operations as cards with Resume / Inspect / Roll back, demo, recent files. */
public final class StartController {

    private final MainViewModel main;
    private final StartViewModel model;

    @FXML
    private VBox waitingSection;
    @FXML
    private VBox waitingList;
    @FXML
    private VBox interruptedSection;
    @FXML
    private VBox interruptedList;
    @FXML
    private Label demoDescription;
    @FXML
    private Button openDemo;
    @FXML
    private Button openFiles;
    @FXML
    private ProgressIndicator busy;
    @FXML
    private Label message;
    @FXML
    private ListView<Workspace> recent;
    @FXML
    private Label noRecent;
    @FXML
    private Label error;

    public StartController(MainViewModel main) {
        this.main = main;
        this.model = main.start();
    }

    @FXML
    private void initialize() {
        demoDescription.setText(model.demoDescription());
        busy.visibleProperty().bind(model.busyProperty());
        message.textProperty().bind(model.messageProperty());
        error.textProperty().bind(model.errorProperty());
        openDemo.disableProperty().bind(model.busyProperty());
        openDemo.setOnAction(e -> model.openDemo(() -> main.screenProperty().set(Screen.TOPOLOGIES)));
        openFiles.setOnAction(e -> chooseFiles());
        recent.setItems(model.recent());
        recent.setCellFactory(list -> new RecentWorkspaceCell());
        // Enter opens the selected workspace, as a double-click does.
        recent.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && recent.getSelectionModel().getSelectedItem() != null) {
                model.open(recent.getSelectionModel().getSelectedItem(), () -> main.screenProperty().set(Screen.TOPOLOGIES));
                e.consume();
            }
        });
        recent.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && recent.getSelectionModel().getSelectedItem() != null) {
                model.open(recent.getSelectionModel().getSelectedItem(), () -> main.screenProperty().set(Screen.TOPOLOGIES));
            }
        });
        recent.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.recent()));
        recent.managedProperty().bind(recent.visibleProperty());
        noRecent.visibleProperty().bind(recent.visibleProperty().not());
        noRecent.managedProperty().bind(noRecent.visibleProperty());
        model.interrupted().addListener((javafx.collections.ListChangeListener<OperationCard>) c -> showInterrupted());
        model.waiting().addListener((javafx.collections.ListChangeListener<OperationCard>) c -> showInterrupted());
        showInterrupted();
        model.refresh();
    }

    private void showInterrupted() {
        interruptedSection.setVisible(!model.interrupted().isEmpty());
        interruptedSection.setManaged(!model.interrupted().isEmpty());
        interruptedList.getChildren().setAll(model.interrupted().stream().map(this::card).toList());
        waitingSection.setVisible(!model.waiting().isEmpty());
        waitingSection.setManaged(!model.waiting().isEmpty());
        waitingList.getChildren().setAll(model.waiting().stream().map(this::card).toList());
    }

    private HBox card(OperationCard operation) {
        Label title = new Label(operation.title());
        title.getStyleClass().add(StyleClasses.CARD_TITLE);
        Label subtitle = new Label(operation.subtitle());
        subtitle.getStyleClass().add(StyleClasses.MUTED);
        subtitle.setWrapText(true);
        VBox text = new VBox(2, title, subtitle);
        // The text wraps and gives way; the buttons keep their labels whole.
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        boolean readOnly = main.session().readOnly();
        Button resume = button("_Resume", "fth-play", operation.resumeTip(), StyleClasses.ACCENT);
        resume.setDisable(readOnly);
        resume.getStyleClass().add(StyleClasses.RESUME_OPERATION);
        resume.setOnAction(e -> main.resume(operation.id()));
        Button inspect = button("_Inspect", "fth-eye", "Show its phases, steps and log without running it", null);
        inspect.setOnAction(e -> main.inspect(operation.id()));
        Button rollBack = button("Roll _back", "fth-rotate-ccw", operation.rollBackTip(), StyleClasses.DANGER);
        rollBack.setDisable(readOnly || !operation.canRollBack());
        rollBack.setOnAction(e -> {
            if (Confirmations.rollBack(operation.id())) {
                main.run().operationIdProperty().set(operation.id());
                main.run().actions().rollBack();
                main.screenProperty().set(Screen.RUN);
            }
        });
        for (Button button : java.util.List.of(resume, inspect, rollBack)) {
            button.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox card = new HBox(12, new FontIcon(operation.waiting() ? "fth-clock" : "fth-pause-circle"), text, spacer, resume, inspect, rollBack);
        card.getStyleClass().addAll(StyleClasses.CARD, operation.waiting() ? StyleClasses.WAITING_CARD : StyleClasses.INTERRUPTED_CARD);
        card.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return card;
    }

    private static Button button(String text, String icon, String tip, String style) {
        Button button = new Button(text, new FontIcon(icon));
        button.setTooltip(new Tooltip(tip));
        if (style != null) {
            button.getStyleClass().add(style);
        }
        return button;
    }

    private void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Topology files", "*.json", "*.topology"),
                new FileChooser.ExtensionFilter("All files", "*"));
        chooser.setTitle("Open the current topology");
        File current = chooser.showOpenDialog(openFiles.getScene().getWindow());
        if (current == null) {
            return;
        }
        chooser.setInitialDirectory(current.getParentFile());
        chooser.setTitle("Open the target topology");
        File target = chooser.showOpenDialog(openFiles.getScene().getWindow());
        if (target != null) {
            model.open(new Workspace(current.toPath(), target.toPath()), () -> main.screenProperty().set(Screen.TOPOLOGIES));
        }
    }
}
