package org.reshard.ui.start;

import javafx.scene.control.ListCell;
import org.kordamp.ikonli.javafx.FontIcon;
import org.reshard.ui.common.ConsolePreferences.Workspace;

/** A recently opened workspace in the Start screen's list. */
final class RecentWorkspaceCell extends ListCell<Workspace> {

    @Override
    protected void updateItem(Workspace item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : item.label());
        setGraphic(empty ? null : new FontIcon("fth-clock"));
    }
}
