package org.reshard.ui.diff;

import java.util.function.Supplier;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Rectangle;
import org.reshard.ui.common.StyleClasses;

/** The legend's shard column: the shard's colour, its id, and a badge when it is new or removed. */
final class ShardCell extends TableCell<LegendRow, LegendRow> {

    private final Supplier<ShardPalette> palette;
    private final Rectangle swatch = new Rectangle(12, 12);
    private final Label id = new Label();
    private final Label badge = new Label();
    private final HBox content = new HBox(swatch, id, badge);

    ShardCell(Supplier<ShardPalette> palette) {
        this.palette = palette;
        getStyleClass().add(StyleClasses.SHARD_CELL);
        content.getStyleClass().add(StyleClasses.SHARD_CELL_CONTENT);
        swatch.getStyleClass().add(StyleClasses.SHARD_SWATCH);
        swatch.setArcWidth(4);
        swatch.setArcHeight(4);
        badge.getStyleClass().add(StyleClasses.SHARD_BADGE);
    }

    @Override
    protected void updateItem(LegendRow row, boolean empty) {
        super.updateItem(row, empty);
        setText(null);
        if (empty || row == null) {
            setGraphic(null);
            return;
        }
        id.setText(row.shardId());
        boolean total = row.kind() == LegendRow.Kind.TOTAL;
        swatch.setVisible(!total);
        swatch.setFill(palette.get().colourOf(row.shardId()));
        badge.getStyleClass().removeAll(StyleClasses.ADDED, StyleClasses.REMOVED);
        switch (row.kind()) {
            case ADDED -> showBadge("new", StyleClasses.ADDED);
            case REMOVED -> showBadge("removed", StyleClasses.REMOVED);
            default -> badge.setVisible(false);
        }
        badge.setManaged(badge.isVisible());
        setGraphic(content);
    }

    private void showBadge(String text, String styleClass) {
        badge.setText(text);
        badge.getStyleClass().add(styleClass);
        badge.setVisible(true);
    }
}
