package org.reshard.ui.topology;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;
import org.reshard.ui.common.StyleClasses;

/** A shard's reachability: an icon for reachable, failed or still checking, the status text, and the error as tooltip. */
final class ShardStatusCell extends TableCell<ShardRow, String> {

    @Override
    protected void updateItem(String value, boolean empty) {
        super.updateItem(value, empty);
        ShardRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
        if (row == null) {
            setText(null);
            setGraphic(null);
            setTooltip(null);
            return;
        }
        setText(value);
        FontIcon icon = new FontIcon(row.reachable() ? "fth-check-circle" : row.error() != null ? "fth-x-circle" : "fth-loader");
        icon.getStyleClass().add(row.reachable() ? StyleClasses.SUCCESS_ICON : row.error() != null ? StyleClasses.DANGER_ICON : StyleClasses.MUTED_ICON);
        setGraphic(icon);
        setTooltip(row.error() == null ? null : new Tooltip(row.error()));
    }
}
