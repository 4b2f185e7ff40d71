package org.reshard.ui.run;

import java.time.Instant;
import org.reshard.state.ReshardingPhase;
import org.reshard.workflow.OperationProgress;

/**
 * Whether the way back after cutover is open: the operation published its new topology and waits out its
 * retention in Cleaning up, and cleanup has not started — the engine's own condition for a switch back.
 */
final class WayBack {

    private WayBack() {
    }

    static boolean open(OperationProgress progress, Instant now) {
        return progress != null && progress.phase() == ReshardingPhase.CLEANING_UP && progress.cleanupNotBefore() != null
                && now.isBefore(progress.cleanupNotBefore());
    }
}
