package org.reshard.ui.run;

import java.time.Instant;
import java.time.ZoneId;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.reshard.state.Waiting;

/**
 * The Run screen's line about a transient fault the operation waits out, with its countdown. No progress arrives while
 * the engine sleeps between attempts, so the screen calls {@link #tick} each second to count down.
 */
final class WaitingBanner {

    private final ReadOnlyBooleanWrapper shown = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ZoneId zone;
    private Waiting waiting;

    WaitingBanner(ZoneId zone) {
        this.zone = zone;
    }

    /** Shows what the operation waits for, or hides the line when {@code now} it waits for nothing (null). */
    void show(Waiting value, Instant now) {
        waiting = value;
        tick(now);
        shown.set(value != null);
    }

    /** Counts down to the next attempt. */
    void tick(Instant now) {
        text.set(waiting == null ? "" : WaitingText.banner(waiting, now, zone));
    }

    ReadOnlyBooleanProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
