package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reshard.state.PhaseTiming;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.StoredError;
import org.reshard.state.Waiting;
import org.reshard.workflow.OperationProgress;

/** The Run screen's phase timeline from an operation's phase history, without a window. */
class PhaseTimelineTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void phasesDoneShowTheirDurationTheCurrentOneRunsAndTheRestWait() {
        List<PhaseItem> items = PhaseTimeline.of(progress(ReshardingPhase.COPYING, ReshardingPhase.PLANNING,
                new PhaseTiming(ReshardingPhase.PLANNING, T0, T0.plusMillis(850)),
                new PhaseTiming(ReshardingPhase.COPYING, T0.plusSeconds(1), null)), T0.plusSeconds(13));
        assertThat(items).extracting(PhaseItem::state).containsExactly(PhaseItem.State.DONE, PhaseItem.State.RUNNING,
                PhaseItem.State.PENDING, PhaseItem.State.PENDING, PhaseItem.State.PENDING, PhaseItem.State.PENDING);
        assertThat(items).extracting(PhaseItem::duration).startsWith("850 ms", "12 s", "");
        assertThat(items.getFirst().label()).isEqualTo(ReshardingPhase.PLANNING.label());
    }

    @Test
    void afterASwitchBackReplicatingRunsAndTheLaterPhasesWaitToRunAgain() {
        List<PhaseItem> items = PhaseTimeline.of(progress(ReshardingPhase.REPLICATING, ReshardingPhase.CUTTING_OVER,
                new PhaseTiming(ReshardingPhase.PLANNING, T0, T0.plusSeconds(1)),
                new PhaseTiming(ReshardingPhase.COPYING, T0.plusSeconds(1), T0.plusSeconds(2)),
                new PhaseTiming(ReshardingPhase.REPLICATING, T0.plusSeconds(2), T0.plusSeconds(3)),
                new PhaseTiming(ReshardingPhase.VERIFYING, T0.plusSeconds(3), T0.plusSeconds(4)),
                new PhaseTiming(ReshardingPhase.CUTTING_OVER, T0.plusSeconds(4), T0.plusSeconds(5)),
                new PhaseTiming(ReshardingPhase.CLEANING_UP, T0.plusSeconds(5), T0.plusSeconds(60)),
                new PhaseTiming(ReshardingPhase.REPLICATING, T0.plusSeconds(60), null)), T0.plusSeconds(61));
        assertThat(items).extracting(PhaseItem::state).containsExactly(PhaseItem.State.DONE, PhaseItem.State.DONE,
                PhaseItem.State.RUNNING, PhaseItem.State.PENDING, PhaseItem.State.PENDING, PhaseItem.State.PENDING);
    }

    @Test
    void theFailedPhaseIsTheOneAfterTheLastCompleted() {
        List<PhaseItem> items = PhaseTimeline.of(progress(ReshardingPhase.FAILED, ReshardingPhase.PLANNING,
                new PhaseTiming(ReshardingPhase.PLANNING, T0, T0.plusSeconds(1)),
                new PhaseTiming(ReshardingPhase.COPYING, T0.plusSeconds(1), T0.plusSeconds(2))), T0.plusSeconds(3));
        assertThat(items).extracting(PhaseItem::state).startsWith(PhaseItem.State.DONE, PhaseItem.State.FAILED, PhaseItem.State.PENDING);
    }

    @Test
    void aFailureInPlanningFailsPlanning() {
        List<PhaseItem> items = PhaseTimeline.of(progress(ReshardingPhase.FAILED, null,
                new PhaseTiming(ReshardingPhase.PLANNING, T0, T0.plusSeconds(1))), T0.plusSeconds(3));
        assertThat(items.getFirst().state()).isEqualTo(PhaseItem.State.FAILED);
    }

    @Test
    void aStartedPhaseThatNeitherRunsNorCompletedNorFailedShowsStopped() {
        List<PhaseItem> items = PhaseTimeline.of(progress(ReshardingPhase.ROLLED_BACK, ReshardingPhase.PLANNING,
                new PhaseTiming(ReshardingPhase.PLANNING, T0, T0.plusSeconds(1)),
                new PhaseTiming(ReshardingPhase.COPYING, T0.plusSeconds(1), T0.plusSeconds(2))), T0.plusSeconds(3));
        assertThat(items.get(1).state()).isEqualTo(PhaseItem.State.STOPPED);
    }

    @Test
    void theCurrentPhaseWaitsWhileTheOperationRidesOutAFaultAndNamesTheShard() {
        Waiting waiting = new Waiting("s2", "127.0.0.1:5433", "connection refused",
                new StoredError("reshard.shard.unreachable", "shard s2 is unreachable"), T0.plusSeconds(5), T0.plusSeconds(16), 3,
                T0.plusSeconds(605));
        PhaseTiming planning = new PhaseTiming(ReshardingPhase.PLANNING, T0, T0.plusSeconds(1));
        PhaseTiming copying = new PhaseTiming(ReshardingPhase.COPYING, T0.plusSeconds(1), null);
        List<PhaseItem> items = PhaseTimeline.of(waiting(waiting, planning, copying),
                T0.plusSeconds(8));
        assertThat(items).extracting(PhaseItem::state).startsWith(PhaseItem.State.DONE, PhaseItem.State.WAITING, PhaseItem.State.PENDING);
        assertThat(items.get(1).waitingFor()).isEqualTo("waiting for s2");
        assertThat(items.get(1).waitingDetail()).isEqualTo("waiting for shard s2 (127.0.0.1:5433): connection refused");
        assertThat(items.get(1).duration()).isEqualTo("7 s");
        assertThat(items.getFirst().waitingFor()).isEmpty();
        assertThat(items.getFirst().waitingDetail()).isEmpty();
        List<PhaseItem> after = PhaseTimeline.of(progress(ReshardingPhase.COPYING, ReshardingPhase.PLANNING, planning, copying),
                T0.plusSeconds(20));
        assertThat(after.get(1)).isEqualTo(new PhaseItem(ReshardingPhase.COPYING.label(), PhaseItem.State.RUNNING, "19 s"));
    }

    @Test
    void aWaitForTheRegistryNamesTheRegistryOnTheChip() {
        Waiting registry = new Waiting(null, "/srv/reshard/registry.db", "database file locked",
                new StoredError("reshard.registry.unavailable", "the topology registry is locked"), T0, T0.plusSeconds(2), 1, T0.plusSeconds(600));
        PhaseItem copying = PhaseTimeline.of(waiting(registry, new PhaseTiming(ReshardingPhase.PLANNING, T0, T0.plusSeconds(1)),
                new PhaseTiming(ReshardingPhase.COPYING, T0.plusSeconds(1), null)), T0.plusSeconds(1)).get(1);
        assertThat(copying.state()).isEqualTo(PhaseItem.State.WAITING);
        assertThat(copying.waitingFor()).isEqualTo("waiting for the topology registry (/srv/reshard/registry.db)");
        assertThat(copying.waitingDetail()).isEqualTo("waiting for the topology registry (/srv/reshard/registry.db): database file locked");
    }

    private static OperationProgress progress(ReshardingPhase phase, ReshardingPhase lastCompleted, PhaseTiming... history) {
        return new OperationProgress("op-1", phase, lastCompleted, "", 0, List.of(), 0, 0, List.of(history), null, null, List.of(), null, T0, null);
    }

    /** Copying after Planning, waiting out a fault. */
    private static OperationProgress waiting(Waiting waiting, PhaseTiming... history) {
        return new OperationProgress("op-1", ReshardingPhase.COPYING, ReshardingPhase.PLANNING, "", 0, List.of(), 0, 0, List.of(history), null,
                null, List.of(), null, T0, waiting);
    }
}
