package org.reshard.ui.common;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/** A text cell for a column that may cut its text (ranges, URLs): the whole text shows in its tooltip. */
public final class TooltipCell<S> extends TableCell<S, String> {

    @Override
    protected void updateItem(String text, boolean empty) {
        super.updateItem(text, empty);
        setText(empty ? null : text);
        setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
    }
}
