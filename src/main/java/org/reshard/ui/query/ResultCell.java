package org.reshard.ui.query;

import java.util.List;
import javafx.scene.control.TableCell;

/** A value in the result grid: as {@link ResultGrid#text} writes it, NULL in its own style, numbers to the right. */
final class ResultCell extends TableCell<List<Object>, Object> {

    private static final String NULL_VALUE = "null-value";
    private static final String NUMERIC = "numeric";

    @Override
    protected void updateItem(Object value, boolean empty) {
        super.updateItem(value, empty);
        getStyleClass().removeAll(NULL_VALUE, NUMERIC);
        if (empty) {
            setText(null);
        } else if (value == null) {
            setText("NULL");
            getStyleClass().add(NULL_VALUE);
        } else {
            setText(ResultGrid.text(value));
            if (value instanceof Number) {
                getStyleClass().add(NUMERIC);
            }
        }
    }
}
