package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.common.Moments;
import org.reshard.plan.PlanJson;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.StoredError;
import org.reshard.state.Waiting;
import org.reshard.testing.Await;
import org.reshard.testing.DemoConsole;
import org.reshard.testing.HeldSqliteLock;
import org.reshard.ui.cutover.CutoverRequest;
import org.reshard.ui.cutover.CutoverViewModel;
import org.reshard.ui.shell.MainViewModel;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingOptions;

/** The Run screen's view-model on the demo: the gate, approval, pause, resume offer, rollback, and waiting out a shard's fault. */
class RunViewModelTest {

    @TempDir
    Path home;

    private DemoConsole console;
    private MainViewModel main;

    @BeforeEach
    void open() throws Exception {
        console = DemoConsole.open(home).openDemo().awaitPlan();
        main = console.main();
    }

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void aRunAsksAtTheGateAndCompletesAfterApproval() throws Exception {
        main.plan().options().batchSizeProperty().set("200");
        main.plan().options().retentionProperty().set("0s");
        main.startPlan();
        Await.until(DemoConsole.WAIT, () -> main.run().gateRequestProperty().get() != null);
        CutoverRequest request = main.run().gateRequestProperty().get();
        CutoverViewModel dialog = new CutoverViewModel(request);
        assertThat(dialog.checks()).hasSize(2).allSatisfy(c -> assertThat(c.verified()).isTrue());
        assertThat(dialog.canApproveProperty().get()).isFalse();
        dialog.acknowledgedProperty().set(true);
        assertThat(dialog.canApproveProperty().get()).isTrue();
        dialog.tick(Instant.now());
        assertThat(dialog.countdownProperty().get()).contains("s left to decide");
        dialog.approve();
        Await.until(DemoConsole.WAIT, () -> !main.run().runningProperty().get());
        assertThat(main.run().outcomeProperty().get()).startsWith("Completed");
        assertThat(main.run().timeline()).extracting(PhaseItem::state).containsOnly(PhaseItem.State.DONE);
        assertThat(main.run().steps()).allSatisfy(s -> {
            assertThat(s.copied()).isEqualTo(1.0);
            assertThat(s.verified()).startsWith("✓");
        });
        assertThat(main.run().log()).anySatisfy(e -> assertThat(e.message()).contains("cutover approved"));
        assertThat(console.session().store().get(main.run().operationIdProperty().get()).orElseThrow().phase())
                .isEqualTo(ReshardingPhase.COMPLETED);
    }

    @Test
    void pausingStopsAtACheckpointAndTheStartScreenOffersToResume() throws Exception {
        main.plan().options().batchSizeProperty().set("20");
        main.startPlan();
        Await.until(DemoConsole.WAIT, () -> main.run().steps().stream().anyMatch(s -> s.copied() > 0));
        main.run().actions().pause();
        // The view-model clears "running" just before it sets the outcome; wait for both.
        Await.until(DemoConsole.WAIT, () -> !main.run().runningProperty().get() && !main.run().outcomeProperty().get().isEmpty());
        assertThat(main.run().outcomeProperty().get()).contains("Stopped in Copying", "paused by the operator");
        assertThat(main.run().resumableProperty().get()).isTrue();
        assertThat(main.run().canRollBackProperty().get()).isTrue();
        main.start().refresh();
        Await.until(DemoConsole.WAIT, () -> !main.start().interrupted().isEmpty());
        assertThat(main.start().interrupted().getFirst().phase()).isEqualTo("Copying");
        assertThat(main.start().interrupted().getFirst().canRollBack()).isTrue();
        main.run().actions().rollBack();
        Await.until(DemoConsole.WAIT, () -> !main.run().runningProperty().get() && !main.run().outcomeProperty().get().isEmpty());
        assertThat(main.run().outcomeProperty().get()).startsWith("Rolled back");
    }

    @Test
    void whileTheOperationWaitsForAShardItsPhaseAndStepsWaitAndTheBannerCountsDownThenAllClears() {
        ReshardingPlan plan = console.session().planProperty().get();
        Instant now = Instant.parse("2026-12-07T03:33:00Z");
        ReshardingState copying = ReshardingState.start("op-wait", PlanJson.toJson(plan), ReshardingOptions.DEFAULTS.toJson(),
                plan.steps().size(), now.minusSeconds(60)).edit().advanceTo(ReshardingPhase.COPYING, now.minusSeconds(59)).build();
        // The demo moves rows shard-0 → shard-1 and shard-1 → shard-2: a fault on shard-0 concerns the first step only.
        Waiting waiting = new Waiting("shard-0", "shard-0.db", "database is locked",
                new StoredError("reshard.shard.unreachable", "shard shard-0 is locked by another process"), now.minusSeconds(4),
                now.plusSeconds(8), 3, now.plusSeconds(596));
        RunViewModel run = main.run();

        run.showProgress(OperationProgress.of(copying.edit().waiting(waiting).build(), "", 0), now);
        assertThat(run.waitingProperty().get()).isTrue();
        assertThat(run.waitingTextProperty().get()).isEqualTo(
                "waiting for shard shard-0 (shard-0.db): database is locked — retry 3 in 8 s (reshard.shard.unreachable; giving up "
                        + Moments.relative(now.plusSeconds(596), now, ZoneId.systemDefault()) + ")");
        assertThat(run.timeline()).extracting(PhaseItem::state).startsWith(PhaseItem.State.DONE, PhaseItem.State.WAITING,
                PhaseItem.State.PENDING);
        assertThat(run.timeline().get(1).waitingFor()).isEqualTo("waiting for shard-0");
        assertThat(run.timeline().get(1).waitingDetail()).isEqualTo("waiting for shard shard-0 (shard-0.db): database is locked");
        assertThat(run.steps()).extracting(StepProgressRow::route, StepProgressRow::waiting).containsExactlyInAnyOrder(
                tuple("shard-0 → shard-1", true), tuple("shard-1 → shard-2", false));

        run.tick(now.plusSeconds(3));
        assertThat(run.waitingTextProperty().get()).startsWith("waiting for shard shard-0 (shard-0.db): database is locked — retry 3 in 5 s");
        assertThat(run.timeline().get(1).duration()).isEqualTo("1 min 2 s");

        run.showProgress(OperationProgress.of(copying, "", 0), now.plusSeconds(9));
        assertThat(run.waitingProperty().get()).isFalse();
        assertThat(run.waitingTextProperty().get()).isEmpty();
        assertThat(run.timeline().get(1).state()).isEqualTo(PhaseItem.State.RUNNING);
        assertThat(run.timeline().get(1).waitingDetail()).isEmpty();
        assertThat(run.steps()).noneMatch(StepProgressRow::waiting);
    }

    @Test
    void aShardFileLockedByAnotherProcessIsWaitedForOnTheScreenAndTheRunGoesOnByItself() throws Exception {
        RunViewModel run = main.run();
        // Held until the screen shows the wait: longer than a SQLite connection's busy timeout (10 s), so the first write into shard-1 fails.
        try (HeldSqliteLock lock = HeldSqliteLock.take("jdbc:sqlite:" + console.session().settings().demoDir().resolve("shard-1.db"),
                Duration.ofSeconds(90))) {
            main.plan().options().batchSizeProperty().set("20");
            main.startPlan();
            Await.until(DemoConsole.WAIT, () -> run.waitingProperty().get(), () -> "activity " + run.activityProperty().get());
            String banner = run.waitingTextProperty().get();
            assertThat(banner).startsWith("waiting for ").contains(": database file locked — retry ");
            assertThat(run.timeline()).extracting(PhaseItem::state).as(banner).contains(PhaseItem.State.WAITING);
            // Both steps touch shard-1; when the engine could not name the shard ("a shard"), only the banner speaks.
            boolean named = banner.startsWith("waiting for shard shard-1 (");
            assertThat(run.steps()).as(banner).allMatch(row -> row.waiting() == named);
            lock.release();
        }
        Await.until(DemoConsole.WAIT, () -> !run.waitingProperty().get());
        assertThat(run.timeline()).extracting(PhaseItem::state).doesNotContain(PhaseItem.State.WAITING);
        assertThat(run.steps()).noneMatch(StepProgressRow::waiting);
        run.actions().pause();
        Await.until(DemoConsole.WAIT, () -> !run.runningProperty().get() && !run.outcomeProperty().get().isEmpty());
        assertThat(run.log()).anySatisfy(e -> assertThat(e.message()).contains("answers again; going on with"));
    }
}
