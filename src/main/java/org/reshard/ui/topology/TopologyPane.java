package org.reshard.ui.topology;

import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.reshard.ui.common.Cells;
import org.reshard.ui.common.StyleClasses;
import org.reshard.ui.common.TooltipCell;

/** One side of the topologies screen, built around a {@link TopologySlot}; topology files can be dropped on it. */
final class TopologyPane extends VBox {

    private final TopologySlot slot;

    TopologyPane(TopologySlot slot, String id) {
        this.slot = slot;
        setId(id);
        getStyleClass().addAll(StyleClasses.TOPOLOGY_PANE, StyleClasses.CARD);
        setSpacing(10);
        Label role = new Label(slot.role());
        role.getStyleClass().add(StyleClasses.SECTION_TITLE);
        // Alt+O opens the current topology, Alt+T the target.
        Button open = new Button(id.startsWith("target") ? "Open _target…" : "_Open…", new FontIcon("fth-folder"));
        open.setId(id + "-open");
        open.setTooltip(new Tooltip("Choose a topology file (JSON), or drop one here"));
        open.setOnAction(e -> choose());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, role, spacer, open);
        header.setAlignment(Pos.CENTER_LEFT);
        Label file = new Label();
        file.textProperty().bind(slot.fileProperty());
        file.getStyleClass().add(StyleClasses.MUTED);
        Label summary = new Label();
        summary.setId(id + "-summary");
        summary.textProperty().bind(slot.summaryProperty());
        summary.setWrapText(true);
        ListView<String> problems = new ListView<>(slot.problems());
        problems.setId(id + "-problems");
        problems.getStyleClass().add(StyleClasses.PROBLEMS);
        problems.setPrefHeight(160);
        problems.visibleProperty().bind(Bindings.isNotEmpty(slot.problems()));
        problems.managedProperty().bind(problems.visibleProperty());
        TableView<ShardRow> shards = shardsTable(id);
        VBox.setVgrow(shards, Priority.ALWAYS);
        getChildren().addAll(header, file, summary, problems, shards);
        setOnDragOver(this::dragOver);
        setOnDragDropped(this::dropped);
    }

    private TableView<ShardRow> shardsTable(String id) {
        TableView<ShardRow> table = new TableView<>(slot.shards());
        table.setId(id + "-shards");
        table.setPlaceholder(new Label("No shards yet"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // Every column but the URL keeps its content whole; the URL gives way (ellipsized, whole in its tooltip).
        TableColumn<ShardRow, String> shard = column("Shard", ShardRow::id, 80);
        TableColumn<ShardRow, String> kind = column("Kind", ShardRow::kind, 95);
        TableColumn<ShardRow, String> status = column("Status", ShardRow::status, 130);
        status.setCellFactory(c -> new ShardStatusCell());
        TableColumn<ShardRow, String> rows = column("Rows", ShardRow::rows, 135);
        TableColumn<ShardRow, String> url = column("URL", ShardRow::url, 220);
        url.setMinWidth(80);
        url.setCellFactory(c -> new TooltipCell<>());
        table.getColumns().addAll(java.util.List.of(shard, kind, status, rows, url));
        // The theme's table text is 14 px; a little more than the cell's padding keeps a margin for other fonts.
        javafx.scene.text.Font font = javafx.scene.text.Font.font(14);
        Cells.fitContent(table, shard, ShardRow::id, font, 22);
        Cells.fitContent(table, kind, ShardRow::kind, font, 22);
        Cells.fitContent(table, status, ShardRow::status, font, 42);
        Cells.fitContent(table, rows, ShardRow::rows, font, 22);
        return table;
    }

    private static TableColumn<ShardRow, String> column(String title, java.util.function.Function<ShardRow, String> property, double width) {
        TableColumn<ShardRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(Cells.value(property));
        column.setPrefWidth(width);
        column.setMinWidth(60);
        return column;
    }

    private void choose() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open the " + slot.role().toLowerCase());
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Topology files", "*.json", "*.topology"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(getScene().getWindow());
        if (file != null) {
            slot.open(file.toPath());
        }
    }

    private void dragOver(DragEvent event) {
        if (event.getDragboard().hasFiles() && event.getDragboard().getFiles().size() == 1) {
            event.acceptTransferModes(TransferMode.COPY);
            getStyleClass().add(StyleClasses.DROP_TARGET);
        }
        event.consume();
    }

    private void dropped(DragEvent event) {
        getStyleClass().remove(StyleClasses.DROP_TARGET);
        boolean accepted = event.getDragboard().hasFiles();
        if (accepted) {
            slot.open(event.getDragboard().getFiles().getFirst().toPath());
        }
        event.setDropCompleted(accepted);
        event.consume();
    }
}
