package org.reshard.ui.run;

import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.common.ConsoleLog;

/** The log pane's lines: the console log's events of the shown operation, the newest 2,000. */
final class RunLog {

    private static final int MAX_LINES = 2_000;

    private final ObservableList<ConsoleLog.Entry> lines = FXCollections.observableArrayList();

    RunLog(ConsoleSession session, Supplier<String> shownOperation) {
        session.log().listen(entry -> {
            if (!entry.operation().isEmpty() && entry.operation().equals(shownOperation.get())) {
                session.background().ui().execute(() -> {
                    lines.add(entry);
                    if (lines.size() > MAX_LINES) {
                        lines.remove(0, lines.size() - MAX_LINES);
                    }
                });
            }
        });
    }

    ObservableList<ConsoleLog.Entry> lines() {
        return lines;
    }

    void clear() {
        lines.clear();
    }
}
