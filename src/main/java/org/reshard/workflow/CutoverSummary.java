package org.reshard.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.reshard.plan.PlanStep;
import org.reshard.state.Verification;

/** What the operator sees at the cutover gate: lag, verification per step, the moving ranges and the expected pause. */
public record CutoverSummary(String operationId, long lagMs, long pendingChanges, List<StepCheck> steps,
                             Duration expectedPause, Instant deadline) {

    /** One step and its verification result. */
    public record StepCheck(PlanStep step, Verification verification) {
    }

    public CutoverSummary {
        steps = List.copyOf(steps);
    }
}
