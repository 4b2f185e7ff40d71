package org.reshard.ui.plan;

import java.util.Locale;
import org.reshard.common.Bytes;
import org.reshard.plan.PlanStep;

/** A plan step as the review table shows it. */
public record StepRow(int index, String table, String route, String ranges, String rows, String bytes, String estimate) {

    public static StepRow of(PlanStep step) {
        String first = step.ranges().getFirst().toString();
        String ranges = step.ranges().size() == 1 ? first : step.ranges().size() + " ranges, first " + first;
        return new StepRow(step.index(), step.table(), step.sourceShard() + " → " + step.targetShard(), ranges,
                String.format(Locale.ROOT, "%,d", step.estimatedRows()), Bytes.format(step.estimatedBytes()),
                step.estimateMethod().label());
    }
}
