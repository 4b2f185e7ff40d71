package org.reshard.ui.run;

import java.util.Locale;
import org.reshard.state.Verification;
import org.reshard.state.Waiting;
import org.reshard.workflow.OperationProgress;

/**
 * A plan step's live numbers for the progress table (reversed rows and reverse lag: what reverse replication applied back
 * to the old owner after cutover), and where the step stands; {@code waitingDetail} says what the
 * operation waits for when the fault is on this step's source or target ("waiting for shard s2 (…): connection refused"),
 * else it is empty.
 */
public record StepProgressRow(int index, String table, String route, State state, double copied, String copiedText, String replicated,
                              String lag, String reversed, String reverseLag, String verified, String waitingDetail) {

    /** Where a step stands; its row carries one style class per state ({@code step-copying}, …, see {@link StepTableRow}). */
    public enum State { PENDING, COPYING, COPIED, VERIFIED, MISMATCH }

    public static StepProgressRow of(OperationProgress.StepView s) {
        return of(s, null);
    }

    /** The step's row while the operation waits for {@code waiting} (null when it does not wait). */
    public static StepProgressRow of(OperationProgress.StepView s, Waiting waiting) {
        return new StepProgressRow(s.index(), s.table(), s.source() + " → " + s.target(), state(s), s.copiedFraction(),
                String.format(Locale.ROOT, "%,d / %,d", s.rowsCopied(), s.estimatedRows()),
                String.format(Locale.ROOT, "%,d", s.rowsReplicated()), s.lagMs() + " ms",
                String.format(Locale.ROOT, "%,d", s.rowsReversed()), s.reverseLagMs() + " ms", verified(s.verification()),
                waiting != null && WaitingText.concerns(waiting, s.source(), s.target()) ? WaitingText.detail(waiting) : "");
    }

    /** Whether the operation waits for this step's source or target; its row then carries {@code step-waiting}. */
    public boolean waiting() {
        return !waitingDetail.isEmpty();
    }

    static State state(OperationProgress.StepView s) {
        if (s.verification() != null) {
            return s.verification().matches() ? State.VERIFIED : State.MISMATCH;
        }
        if (s.copyDone()) {
            return State.COPIED;
        }
        return s.rowsCopied() > 0 ? State.COPYING : State.PENDING;
    }

    private static String verified(Verification v) {
        if (v == null) {
            return "–";
        }
        return v.matches() ? String.format(Locale.ROOT, "✓ %,d rows", v.sourceCount())
                : "✗ " + String.join("; ", v.differingKeys().stream().limit(3).toList());
    }
}
