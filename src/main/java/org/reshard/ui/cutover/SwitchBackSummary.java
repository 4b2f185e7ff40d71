package org.reshard.ui.cutover;

import java.time.Duration;
import java.time.Instant;
import org.reshard.state.ReshardingState;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingOptions;

/**
 * What the switch-back dialog shows about a published operation waiting out its retention: the topology that
 * would serve again, how far reverse replication trails, how many new owners would be fenced, the pause budget
 * (the cutover timeout) and until when the way back stays open.
 */
public record SwitchBackSummary(String operationId, String oldTopology, String newTopology, long reverseLagMs, long rowsReversed,
                                int newOwners, Duration cutoverTimeout, Instant openUntil) {

    /** The summary of a stored operation. */
    public static SwitchBackSummary of(ReshardingState state) {
        OperationProgress progress = OperationProgress.of(state, "", 0);
        return new SwitchBackSummary(state.id(), state.plan().path("from").path("name").asText(), state.plan().path("to").path("name").asText(),
                progress.reverseLagMs(), progress.steps().stream().mapToLong(OperationProgress.StepView::rowsReversed).sum(),
                (int) progress.steps().stream().map(OperationProgress.StepView::target).distinct().count(),
                ReshardingOptions.fromJson(state.options()).cutoverTimeout(), state.cleanupNotBefore());
    }
}
