package org.reshard.ui.run;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import org.reshard.ui.common.ConsoleLog;
import org.reshard.ui.common.StyleClasses;

/** One line of the Run screen's log pane: time, phase and message, wrapped, coloured by level. */
final class LogCell extends ListCell<ConsoleLog.Entry> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    /** Longer messages get a tooltip holding the whole of them. */
    private static final int TOOLTIP_FROM = 100;

    private String levelClass;

    LogCell() {
        // A cell as wide as the list, never wider: long lines wrap instead of scrolling the list sideways.
        setWrapText(true);
        setPrefWidth(0);
        setMinWidth(0);
    }

    @Override
    protected void updateItem(ConsoleLog.Entry entry, boolean empty) {
        super.updateItem(entry, empty);
        String level = empty || entry == null ? null : levelClass(entry.level());
        StyleClasses.switchState(this, levelClass, level);
        levelClass = level;
        if (empty || entry == null) {
            setText(null);
            setTooltip(null);
            return;
        }
        setText(text(entry));
        setTooltip(entry.message().length() > TOOLTIP_FROM ? new Tooltip(entry.message()) : null);
    }

    private static String text(ConsoleLog.Entry entry) {
        return TIME.format(entry.time()) + "  " + (entry.phase().isEmpty() ? "" : entry.phase() + "  ") + entry.message();
    }

    /** Warnings and errors stand out; other levels look alike. */
    private static String levelClass(String level) {
        return level.equals("WARN") || level.equals("ERROR") ? StyleClasses.state(StyleClasses.LOG, level) : null;
    }
}
