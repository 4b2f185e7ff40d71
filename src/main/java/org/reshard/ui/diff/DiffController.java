package org.reshard.ui.diff;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.reshard.ui.common.StyleClasses;

/**
 * Binds {@code /fxml/diff-view.fxml} to a {@link DiffViewModel}: the shell loads the view, then calls
 * {@link #bind}. Hovering or selecting a shard in the legend highlights its arcs on the rings.
 */
public final class DiffController {

    private static final PseudoClass TOTAL = PseudoClass.getPseudoClass("total");
    private static final String HOVER_HINT = "Hover an arc for its range and owner; hover or select a shard to highlight it.";

    @FXML private Label titleLabel;
    @FXML private Label subtitleLabel;
    @FXML private Label summaryLabel;
    @FXML private Label hoverLabel;
    @FXML private HashRingView ringView;
    @FXML private TableView<LegendRow> legendTable;
    @FXML private TableColumn<LegendRow, LegendRow> shardColumn;
    @FXML private TableColumn<LegendRow, LegendRow> shareBeforeColumn;
    @FXML private TableColumn<LegendRow, LegendRow> shareAfterColumn;
    @FXML private TableColumn<LegendRow, LegendRow> rowsBeforeColumn;
    @FXML private TableColumn<LegendRow, LegendRow> rowsAfterColumn;
    @FXML private TableColumn<LegendRow, LegendRow> rowsChangeColumn;
    @FXML private TableView<MoveRow> movesTable;
    @FXML private TableColumn<MoveRow, MoveRow> moveColumn;
    @FXML private TableColumn<MoveRow, MoveRow> rangesColumn;
    @FXML private TableColumn<MoveRow, MoveRow> moveShareColumn;
    @FXML private TableColumn<MoveRow, MoveRow> moveRowsColumn;

    @FXML
    private void initialize() {
        shardColumn.setCellFactory(column -> new ShardCell(ringView::getPalette));
        shareBeforeColumn.setCellFactory(FormattedCell.of(TableText::shareBefore, StyleClasses.NUMBER_CELL));
        shareAfterColumn.setCellFactory(FormattedCell.of(TableText::shareAfter, StyleClasses.NUMBER_CELL));
        rowsBeforeColumn.setCellFactory(FormattedCell.of(TableText::rowsBefore, StyleClasses.NUMBER_CELL));
        rowsAfterColumn.setCellFactory(FormattedCell.of(TableText::rowsAfter, StyleClasses.NUMBER_CELL));
        rowsChangeColumn.setCellFactory(FormattedCell.of(TableText::rowsChange, TableText::rowsChangeStyle, StyleClasses.NUMBER_CELL));
        moveColumn.setCellFactory(column -> new MoveCell(ringView::getPalette));
        rangesColumn.setCellFactory(FormattedCell.of(TableText::rangeCount, StyleClasses.NUMBER_CELL));
        moveShareColumn.setCellFactory(FormattedCell.of(TableText::moveShare, StyleClasses.NUMBER_CELL));
        moveRowsColumn.setCellFactory(FormattedCell.of(TableText::moveRows, StyleClasses.NUMBER_CELL));
        // Every column shows the whole row; its cell picks what to write.
        for (var column : List.of(shardColumn, shareBeforeColumn, shareAfterColumn, rowsBeforeColumn, rowsAfterColumn, rowsChangeColumn)) {
            column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        }
        for (var column : List.of(moveColumn, rangesColumn, moveShareColumn, moveRowsColumn)) {
            column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        }
        legendTable.setRowFactory(table -> legendRow());
        legendTable.getSelectionModel().selectedItemProperty().addListener((observable, old, now) -> highlight(null));
        hoverLabel.textProperty().bind(Bindings.createStringBinding(
                () -> ringView.hoverTextProperty().get().isEmpty() ? HOVER_HINT : ringView.hoverTextProperty().get().replace("\n", "   ·   "),
                ringView.hoverTextProperty()));
    }

    /** Shows the model's diff and follows it as the model shows other topologies. */
    public void bind(DiffViewModel model) {
        titleLabel.textProperty().bind(model.titleProperty());
        subtitleLabel.textProperty().bind(model.subtitleProperty());
        summaryLabel.textProperty().bind(model.summaryProperty());
        ringView.diagramProperty().bind(model.diagramProperty());
        legendTable.setItems(model.legendRows());
        movesTable.setItems(model.moveRows());
        // Cells read colours from the ring's palette, so they must redraw when a new diagram brings new colours.
        ringView.paletteProperty().addListener((observable, old, now) -> {
            legendTable.refresh();
            movesTable.refresh();
        });
    }

    private TableRow<LegendRow> legendRow() {
        TableRow<LegendRow> row = new TableRow<>();
        row.itemProperty().addListener((observable, old, now) ->
                row.pseudoClassStateChanged(TOTAL, now != null && now.kind() == LegendRow.Kind.TOTAL));
        row.hoverProperty().addListener((observable, wasHovered, hovered) -> highlight(hovered ? row.getItem() : null));
        return row;
    }

    /** The hovered shard, else the selected one, stays bright on the rings; the totals row highlights nothing. */
    private void highlight(LegendRow hovered) {
        LegendRow shown = hovered != null ? hovered : legendTable.getSelectionModel().getSelectedItem();
        boolean shard = shown != null && shown.kind() != LegendRow.Kind.TOTAL;
        ringView.highlightedShardProperty().set(shard ? shown.shardId() : null);
    }
}
