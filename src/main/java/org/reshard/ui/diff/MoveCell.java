package org.reshard.ui.diff;

import java.util.function.Supplier;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Rectangle;
import org.reshard.ui.common.StyleClasses;

/** The moves table's first column: source and target shard, each with its colour, and an arrow between. */
final class MoveCell extends TableCell<MoveRow, MoveRow> {

    private final Supplier<ShardPalette> palette;
    private final Rectangle sourceSwatch = swatch();
    private final Rectangle targetSwatch = swatch();
    private final Label source = new Label();
    private final Label arrow = new Label("→");
    private final Label target = new Label();
    private final HBox content = new HBox(sourceSwatch, source, arrow, targetSwatch, target);

    MoveCell(Supplier<ShardPalette> palette) {
        this.palette = palette;
        getStyleClass().add(StyleClasses.MOVE_CELL);
        content.getStyleClass().add(StyleClasses.SHARD_CELL_CONTENT);
        arrow.getStyleClass().add(StyleClasses.MOVE_ARROW);
    }

    @Override
    protected void updateItem(MoveRow row, boolean empty) {
        super.updateItem(row, empty);
        setText(null);
        if (empty || row == null) {
            setGraphic(null);
            return;
        }
        source.setText(row.pair().source());
        target.setText(row.pair().target());
        sourceSwatch.setFill(palette.get().colourOf(row.pair().source()));
        targetSwatch.setFill(palette.get().colourOf(row.pair().target()));
        setGraphic(content);
    }

    private static Rectangle swatch() {
        Rectangle swatch = new Rectangle(12, 12);
        swatch.getStyleClass().add(StyleClasses.SHARD_SWATCH);
        swatch.setArcWidth(4);
        swatch.setArcHeight(4);
        return swatch;
    }
}
