package org.reshard.ui.query;

import java.util.List;
import javafx.scene.control.TableCell;
import org.reshard.ui.common.StyleClasses;

/** A value in the result grid: as {@link ResultGrid#text} writes it, NULL in its own style, numbers to the right. */
final class ResultCell extends TableCell<List<Object>, Object> {

    @Override
    protected void updateItem(Object value, boolean empty) {
        super.updateItem(value, empty);
        getStyleClass().removeAll(StyleClasses.NULL_VALUE, StyleClasses.NUMERIC);
        if (empty) {
            setText(null);
        } else if (value == null) {
            setText("NULL");
            getStyleClass().add(StyleClasses.NULL_VALUE);
        } else {
            setText(ResultGrid.text(value));
            if (value instanceof Number) {
                getStyleClass().add(StyleClasses.NUMERIC);
            }
        }
    }
}
