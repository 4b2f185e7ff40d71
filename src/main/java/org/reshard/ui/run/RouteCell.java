package org.reshard.ui.run;

import javafx.scene.control.TableCell;
import org.kordamp.ikonli.javafx.FontIcon;
import org.reshard.ui.common.StyleClasses;

/**
 * The step table's "source → target" cell, with a clock before it while the operation waits for one of those shards, so
 * the waiting row says so without its colour. The cell's value is the whole row: a change of waiting alone redraws it.
 */
final class RouteCell extends TableCell<StepProgressRow, StepProgressRow> {

    private final FontIcon clock = new FontIcon("fth-clock");

    RouteCell() {
        clock.getStyleClass().add(StyleClasses.WAITING_ICON);
    }

    @Override
    protected void updateItem(StepProgressRow row, boolean empty) {
        super.updateItem(row, empty);
        setText(empty || row == null ? null : row.route());
        setGraphic(empty || row == null || !row.waiting() ? null : clock);
    }
}
