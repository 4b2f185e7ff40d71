package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reshard.state.ReshardingPhase;
import org.reshard.workflow.OperationProgress;

/** The way back is open in Cleaning up before cleanup starts, and only then. */
class WayBackTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void openWhileRetainingBeforeCleanupStarts() {
        assertThat(WayBack.open(progress(ReshardingPhase.CLEANING_UP, NOW.plusSeconds(3_600)), NOW)).isTrue();
    }

    @Test
    void closedOnceCleanupStartedOrWithoutRetentionOrInAnotherPhase() {
        assertThat(WayBack.open(progress(ReshardingPhase.CLEANING_UP, NOW), NOW)).isFalse();
        assertThat(WayBack.open(progress(ReshardingPhase.CLEANING_UP, NOW.minusSeconds(1)), NOW)).isFalse();
        assertThat(WayBack.open(progress(ReshardingPhase.CLEANING_UP, null), NOW)).isFalse();
        assertThat(WayBack.open(progress(ReshardingPhase.REPLICATING, NOW.plusSeconds(3_600)), NOW)).isFalse();
        assertThat(WayBack.open(progress(ReshardingPhase.COMPLETED, NOW.plusSeconds(3_600)), NOW)).isFalse();
        assertThat(WayBack.open(null, NOW)).isFalse();
    }

    private static OperationProgress progress(ReshardingPhase phase, Instant cleanupNotBefore) {
        return new OperationProgress("op-1", phase, null, "", 95, List.of(), 0, 0, List.of(), null, null, List.of(), cleanupNotBefore, NOW, null);
    }
}
