package org.reshard.ui.query;

import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import org.reshard.ui.common.StyleClasses;

/** A query in the history list: its SQL on one line, when and where it ran under it, the whole SQL as tooltip. */
final class HistoryCell extends ListCell<HistoryEntry> {

    HistoryCell() {
        // Long SQL is cut with an ellipsis instead of widening the list (and adding a horizontal scroll bar).
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(HistoryEntry entry, boolean empty) {
        super.updateItem(entry, empty);
        setText(null);
        if (empty || entry == null) {
            setGraphic(null);
            return;
        }
        Label sql = new Label(entry.oneLine());
        sql.getStyleClass().add(StyleClasses.HISTORY_SQL);
        Label caption = new Label(entry.caption());
        caption.getStyleClass().add(StyleClasses.HISTORY_CAPTION);
        setGraphic(new VBox(2, sql, caption));
        setTooltip(new Tooltip(entry.sql().strip()));
    }
}
