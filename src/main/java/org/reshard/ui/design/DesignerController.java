package org.reshard.ui.design;

import java.io.File;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.reshard.plan.design.DesignStrategy;
import org.reshard.ui.diff.HashRingView;

/** Binds the designer view to its {@link DesignerViewModel}; no logic of its own. */
public final class DesignerController {

    private final DesignerViewModel model;

    @FXML private Label summary;
    @FXML private ProgressIndicator busy;
    @FXML private Button restart;
    @FXML private TextField shardId;
    @FXML private TextField shardUrl;
    @FXML private TextField user;
    @FXML private TextField passwordEnv;
    @FXML private Button add;
    @FXML private ChoiceBox<DesignStrategy> strategy;
    @FXML private Button rebalance;
    @FXML private ListView<String> shards;
    @FXML private Button remove;
    @FXML private Button split;
    @FXML private Button merge;
    @FXML private ChoiceBox<String> mergeInto;
    @FXML private TextField name;
    @FXML private TextField savePath;
    @FXML private Button browse;
    @FXML private CheckBox skipCheck;
    @FXML private Button save;
    @FXML private Label message;
    @FXML private HashRingView ringView;

    public DesignerController(DesignerViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(model.summaryProperty());
        message.textProperty().bind(model.messageProperty());
        busy.visibleProperty().bind(model.busyProperty());
        shardId.textProperty().bindBidirectional(model.shardIdProperty());
        shardUrl.textProperty().bindBidirectional(model.shardUrlProperty());
        user.textProperty().bindBidirectional(model.userProperty());
        passwordEnv.textProperty().bindBidirectional(model.passwordEnvProperty());
        name.textProperty().bindBidirectional(model.nameProperty());
        savePath.textProperty().bindBidirectional(model.savePathProperty());
        skipCheck.selectedProperty().bindBidirectional(model.skipCheckProperty());
        strategy.getItems().setAll(DesignStrategy.values());
        strategy.setConverter(new StringConverter<>() {
            @Override
            public String toString(DesignStrategy s) {
                return s == null ? "" : s.label();
            }

            @Override
            public DesignStrategy fromString(String text) {
                return DesignStrategy.parse(text).orElse(null);
            }
        });
        strategy.valueProperty().bindBidirectional(model.strategyProperty());
        shards.setItems(model.shardIds());
        mergeInto.setItems(model.shardIds());
        model.selectedShardProperty().bind(shards.getSelectionModel().selectedItemProperty());
        mergeInto.valueProperty().bindBidirectional(model.mergeIntoProperty());
        ringView.diagramProperty().bind(model.diff().diagramProperty());
        add.setOnAction(e -> model.addShard());
        rebalance.setOnAction(e -> model.rebalance());
        remove.setOnAction(e -> model.removeShard());
        split.setOnAction(e -> model.splitShard());
        merge.setOnAction(e -> model.mergeShard());
        restart.setOnAction(e -> model.start());
        save.disableProperty().bind(model.busyProperty().or(model.designProperty().isNull()));
        save.setOnAction(e -> model.save());
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save the designed topology");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Topology files", "*.json"));
            chooser.setInitialFileName(model.nameProperty().get() + ".json");
            File file = chooser.showSaveDialog(browse.getScene().getWindow());
            if (file != null) {
                model.savePathProperty().set(file.getAbsolutePath());
            }
        });
    }
}
