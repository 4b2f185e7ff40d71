package org.reshard.ui.run;

import java.util.Locale;
import org.reshard.state.Verification;
import org.reshard.workflow.OperationProgress;

/** A plan step's live numbers for the progress table. */
public record StepProgressRow(int index, String table, String route, double copied, String copiedText, String replicated,
                              String lag, String verified) {

    public static StepProgressRow of(OperationProgress.StepView s) {
        return new StepProgressRow(s.index(), s.table(), s.source() + " → " + s.target(), s.copiedFraction(),
                String.format(Locale.ROOT, "%,d / %,d", s.rowsCopied(), s.estimatedRows()),
                String.format(Locale.ROOT, "%,d", s.rowsReplicated()), s.lagMs() + " ms", verified(s.verification()));
    }

    private static String verified(Verification v) {
        if (v == null) {
            return "–";
        }
        return v.matches() ? String.format(Locale.ROOT, "✓ %,d rows", v.sourceCount())
                : "✗ " + String.join("; ", v.differingKeys().stream().limit(3).toList());
    }
}
