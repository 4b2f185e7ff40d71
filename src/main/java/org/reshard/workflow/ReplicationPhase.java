package org.reshard.workflow;

import org.reshard.common.ErrorCode;

/** Replicating: applies captured changes until the lag is under the threshold. */
final class ReplicationPhase implements PhaseRunner {

    @Override
    public void run(OperationContext context) throws Exception {
        context.checkSourceSchemas(ErrorCode.REPLICATION_FAILED);
        context.checkCaptureInPlace(ErrorCode.REPLICATION_FAILED);
        context.activity("catching up: applying changes made during the copy");
        Replication.catchUp(context, context.options.lagThreshold().toMillis(), Long.MAX_VALUE);
        // Caught up means every target has the changes and answers: one that is down fails this phase, not the next.
        context.checkTargetsAnswer();
        FaultPoints.reach("replicate.caught-up");
        context.event("replication caught up: lag " + context.state().steps().stream().mapToLong(s -> s.lagMs()).max().orElse(0) + " ms");
    }
}
