package org.reshard.ui.cutover;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.reshard.common.Durations;
import org.reshard.common.Moments;

/**
 * The switch-back confirmation: the reverse lag, the expected write pause and what happens; Confirm runs the
 * switch back once, Cancel changes nothing.
 */
public final class SwitchBackViewModel {

    /** Fencing and committing on each new owner took about this long in the cutover's measurements (CutoverSummary's estimate). */
    private static final long MS_PER_OWNER = 50;

    private final SwitchBackSummary summary;
    private final Runnable onConfirm;
    private final Instant now;
    private final ZoneId zone;
    private final BooleanProperty answered = new SimpleBooleanProperty();

    public SwitchBackViewModel(SwitchBackSummary summary, Runnable onConfirm, Instant now, ZoneId zone) {
        this.summary = summary;
        this.onConfirm = onConfirm;
        this.now = now;
        this.zone = zone;
    }

    public String operationId() {
        return summary.operationId();
    }

    public String title() {
        return "Switch " + summary.operationId() + " back to " + summary.oldTopology();
    }

    public String lag() {
        return String.format(Locale.ROOT, "%,d ms, %,d rows applied back to the old owners so far", summary.reverseLagMs(), summary.rowsReversed());
    }

    /** Fencing each new owner, plus draining what reverse replication trails by; never more than the cutover timeout. */
    public String expectedPause() {
        long estimate = Math.min(summary.cutoverTimeout().toMillis(), MS_PER_OWNER * summary.newOwners() + summary.reverseLagMs());
        return "about " + estimate + " ms, at most " + Durations.human(summary.cutoverTimeout())
                + " (the cutover timeout; past it the fences go and " + summary.newTopology() + " stays active)";
    }

    public String whatHappens() {
        return "Pauses writes to the moved ranges on the new owners, applies the last changes to the old owners, publishes "
                + summary.oldTopology() + " again. Afterwards Resume switches forward through the cutover gate, Roll back undoes the operation.";
    }

    public String openUntil() {
        return summary.openUntil() == null ? "unknown" : "until cleanup starts at " + Moments.relative(summary.openUntil(), now, zone);
    }

    /** Runs the switch back, once. */
    public void confirm() {
        if (!answered.get()) {
            answered.set(true);
            onConfirm.run();
        }
    }

    public void cancel() {
        answered.set(true);
    }

    /** Whether Confirm or Cancel was chosen; the buttons go off. */
    public BooleanProperty answeredProperty() {
        return answered;
    }
}
