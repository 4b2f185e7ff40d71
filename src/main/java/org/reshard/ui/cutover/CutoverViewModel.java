package org.reshard.ui.cutover;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.reshard.common.Moments;
import org.reshard.plan.PlanStep;
import org.reshard.state.Verification;
import org.reshard.workflow.CutoverSummary;
import org.reshard.workflow.GateDecision;

/**
 * The cutover confirmation: the final lag, every step's verification, the moving ranges, the
 * expected write pause and until when a switch back stays possible; Approve needs the acknowledgement
 * ticked and time left before the timeout.
 */
public final class CutoverViewModel {

    /** One step and its verification, as the dialog lists it. */
    public record CheckRow(String step, String ranges, String verification, boolean verified) {
    }

    private final CutoverRequest request;
    private final BooleanProperty acknowledged = new SimpleBooleanProperty();
    private final BooleanProperty expired = new SimpleBooleanProperty();
    private final BooleanProperty answered = new SimpleBooleanProperty();
    private final StringProperty countdown = new SimpleStringProperty("");
    private final StringProperty wayBack = new SimpleStringProperty("");
    private final BooleanBinding canApprove;
    private final ZoneId zone;

    public CutoverViewModel(CutoverRequest request) {
        this(request, ZoneId.systemDefault());
    }

    /** The dialog showing local times in {@code zone}. */
    public CutoverViewModel(CutoverRequest request, ZoneId zone) {
        this.request = request;
        this.zone = zone;
        canApprove = Bindings.createBooleanBinding(() -> acknowledged.get() && !expired.get() && !answered.get()
                && allVerified(), acknowledged, expired, answered);
        tick(Instant.now());
    }

    private CutoverSummary summary() {
        return request.summary();
    }

    /** The dialog's title, naming the operation. */
    public String title() {
        return "Approve the cutover of " + operationId();
    }

    public String operationId() {
        return summary().operationId();
    }

    public String lag() {
        return summary().lagMs() + " ms, " + summary().pendingChanges() + " changes not yet applied";
    }

    public String expectedPause() {
        return "about " + summary().expectedPause().toMillis() + " ms";
    }

    public String acknowledgement() {
        return "I understand that writes to the moving ranges pause for " + expectedPause() + " and that "
                + (Duration.ZERO.equals(request.retention()) ? "with no retention cleanup starts at once, so there is no switching back."
                : "the way back closes when cleanup starts.");
    }

    /**
     * How long the way back stays open: "you can switch back until cleanup starts at today 14:05, in 1 h" —
     * the retention counts from the publish, which is about now.
     */
    public StringProperty wayBackProperty() {
        return wayBack;
    }

    private String wayBack(Instant now) {
        if (request.retention() == null) {
            return "you can switch back until cleanup starts, when the operation's retention ends";
        }
        if (request.retention().isZero()) {
            return "none: with a retention of 0 s cleanup deletes the old owners' copies right after the publish";
        }
        return "you can switch back until cleanup starts at " + Moments.relative(now.plus(request.retention()), now, zone);
    }

    public List<CheckRow> checks() {
        return summary().steps().stream().map(check -> {
            PlanStep step = check.step();
            Verification v = check.verification();
            String text = v == null ? "not verified" : v.matches()
                    ? String.format(Locale.ROOT, "✓ %,d rows, checksums equal", v.sourceCount())
                    : "✗ " + String.join("; ", v.differingKeys());
            return new CheckRow(step.index() + ". " + step.table() + "  " + step.sourceShard() + " → " + step.targetShard(),
                    ranges(step), text, v != null && v.matches());
        }).toList();
    }

    private static String ranges(PlanStep step) {
        return step.ranges().size() == 1 ? step.ranges().getFirst().toString()
                : step.ranges().size() + " ranges: " + String.join(", ", step.ranges().stream().limit(3).map(Object::toString).toList())
                + (step.ranges().size() > 3 ? ", …" : "");
    }

    public boolean allVerified() {
        return summary().steps().stream().allMatch(c -> c.verification() != null && c.verification().matches());
    }

    /** Updates the countdown; after the deadline Approve is off, as the orchestrator has given up. */
    public void tick(Instant now) {
        wayBack.set(wayBack(now));
        Duration left = Duration.between(now, summary().deadline());
        if (left.isNegative() || left.isZero()) {
            expired.set(true);
            countdown.set("The cutover timeout has passed; the operation stops with reshard.cutover_timeout.");
        } else {
            countdown.set(left.toSeconds() + " s left to decide before the cutover timeout");
        }
    }

    public void approve() {
        if (canApprove.get()) {
            answered.set(true);
            request.answer().complete(new GateDecision.Approve("console (" + System.getProperty("user.name") + ")"));
        }
    }

    public void abort() {
        answered.set(true);
        request.answer().complete(new GateDecision.Refuse("aborted in the console"));
    }

    /** Stops at the gate without deciding; Resume asks again. */
    public void later() {
        answered.set(true);
        request.answer().complete(new GateDecision.Defer("the operator chose to decide later"));
    }

    public BooleanProperty acknowledgedProperty() {
        return acknowledged;
    }

    public StringProperty countdownProperty() {
        return countdown;
    }

    public BooleanBinding canApproveProperty() {
        return canApprove;
    }

    public BooleanProperty expiredProperty() {
        return expired;
    }
}
