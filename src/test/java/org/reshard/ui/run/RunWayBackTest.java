package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.testing.Await;
import org.reshard.testing.DemoConsole;
import org.reshard.ui.cutover.CutoverViewModel;
import org.reshard.ui.cutover.SwitchBackSummary;
import org.reshard.ui.cutover.SwitchBackViewModel;
import org.reshard.ui.shell.MainViewModel;

/**
 * The Run screen's way back on the demo: Switch back and Complete are offered only while the published operation
 * waits out its retention; switching back stops the running wait first and leaves the old topology serving, with
 * Resume and Roll back offered; Complete ends the retention.
 */
class RunWayBackTest {

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
    void switchBackDuringTheRetentionLeavesTheOldTopologyServingWithResumeAndRollBackOffered() throws Exception {
        RunViewModel run = cutOverWithAnHourOfRetention();
        assertThat(run.runningProperty().get()).as("the console waits out the retention").isTrue();
        assertThat(run.canRollBackProperty().get()).isFalse();

        run.actions().askSwitchBack();
        Await.until(DemoConsole.WAIT, () -> run.switchBackRequestProperty().get() != null);
        SwitchBackSummary summary = run.switchBackRequestProperty().get();
        assertThat(summary.oldTopology()).isEqualTo("orders-v1");
        assertThat(summary.newTopology()).isEqualTo("orders-v2");
        assertThat(summary.openUntil()).isAfter(Instant.now().plusSeconds(3_000));
        AtomicInteger confirmed = new AtomicInteger();
        SwitchBackViewModel dialog = new SwitchBackViewModel(summary, () -> {
            confirmed.incrementAndGet();
            run.actions().switchBack();
        }, Instant.now(), ZoneId.systemDefault());
        assertThat(dialog.title()).isEqualTo("Switch " + run.operationIdProperty().get() + " back to orders-v1");
        assertThat(dialog.whatHappens()).contains("publishes orders-v1 again", "Resume switches forward through the cutover gate",
                "Roll back undoes the operation");
        assertThat(dialog.openUntil()).startsWith("until cleanup starts at ").contains(", in 59 min");
        dialog.confirm();
        dialog.confirm();
        assertThat(confirmed).hasValue(1);
        assertThat(run.canUseWayBackProperty().get()).as("off while the switch back is on its way").isFalse();

        Await.until(DemoConsole.WAIT, () -> run.outcomeProperty().get().startsWith("Switched back") && !run.runningProperty().get(),
                () -> "outcome " + run.outcomeProperty().get() + ", error " + run.errorProperty().get());
        ReshardingState state = console.session().store().get(run.operationIdProperty().get()).orElseThrow();
        assertThat(state.phase()).isEqualTo(ReshardingPhase.REPLICATING);
        assertThat(run.outcomeProperty().get()).isEqualTo("Switched back: orders-v1 serves again (registry version "
                + state.publishedVersions().getLast() + "). Resume switches forward through the cutover gate; Roll back undoes the operation.");
        assertThat(run.phaseProperty().get()).isEqualTo(ReshardingPhase.REPLICATING);
        assertThat(run.errorProperty().get()).isEmpty();
        assertThat(run.canResumeProperty().get()).isTrue();
        assertThat(run.canRollBackProperty().get()).isTrue();
        assertThat(run.canUseWayBackProperty().get()).isFalse();
        Await.until(DemoConsole.WAIT, () -> run.log().stream().anyMatch(e -> e.message().startsWith("switched back: orders-v1 serves again")));
    }

    @Test
    void aStoppedOperationInItsRetentionSwitchesBackWithoutRunningFirst() throws Exception {
        RunViewModel run = cutOverWithAnHourOfRetention();
        run.actions().pause();
        Await.until(DemoConsole.WAIT, () -> !run.runningProperty().get() && run.outcomeProperty().get().startsWith("Stopped"));
        // Paused in Cleaning up (or shown by Inspect from the Start screen), the way back is still offered.
        assertThat(run.canUseWayBackProperty().get()).isTrue();
        run.actions().switchBack();
        Await.until(DemoConsole.WAIT, () -> run.outcomeProperty().get().startsWith("Switched back") && !run.runningProperty().get(),
                () -> "outcome " + run.outcomeProperty().get() + ", error " + run.errorProperty().get());
        assertThat(run.canRollBackProperty().get()).isTrue();
        assertThat(run.canResumeProperty().get()).isTrue();
    }

    @Test
    void completeEndsTheRetentionAndTheWayBackCloses() throws Exception {
        RunViewModel run = cutOverWithAnHourOfRetention();
        run.actions().complete();
        Await.until(DemoConsole.WAIT, () -> run.outcomeProperty().get().startsWith("Completed") && !run.runningProperty().get(),
                () -> "outcome " + run.outcomeProperty().get() + ", error " + run.errorProperty().get());
        assertThat(run.canUseWayBackProperty().get()).isFalse();
        assertThat(run.canResumeProperty().get()).isFalse();
        assertThat(console.session().store().get(run.operationIdProperty().get()).orElseThrow().phase()).isEqualTo(ReshardingPhase.COMPLETED);
    }

    @Test
    void switchingBackAfterTheOperationEndedShowsTheRefusalsCode() throws Exception {
        main.plan().options().batchSizeProperty().set("200");
        main.plan().options().retentionProperty().set("0s");
        main.startPlan();
        approve("none: with a retention of 0 s");
        Await.until(DemoConsole.WAIT, () -> !main.run().runningProperty().get() && main.run().outcomeProperty().get().startsWith("Completed"));
        assertThat(main.run().canUseWayBackProperty().get()).isFalse();
        main.run().actions().switchBack();
        Await.until(DemoConsole.WAIT, () -> !main.run().errorProperty().get().isEmpty() && !main.run().runningProperty().get());
        assertThat(main.run().errorProperty().get()).startsWith("reshard.switch_back_not_available: ");
    }

    private RunViewModel cutOverWithAnHourOfRetention() throws InterruptedException {
        main.plan().options().batchSizeProperty().set("200");
        main.plan().options().retentionProperty().set("1h");
        main.startPlan();
        RunViewModel run = main.run();
        assertThat(run.canUseWayBackProperty().get()).isFalse();
        approve("you can switch back until cleanup starts at ");
        Await.until(DemoConsole.WAIT, () -> run.canUseWayBackProperty().get(), () -> "phase " + run.phaseProperty().get());
        assertThat(run.phaseProperty().get()).isEqualTo(ReshardingPhase.CLEANING_UP);
        assertThat(run.retainedUntil()).isAfter(Instant.now().plusSeconds(3_000));
        return run;
    }

    /** Approves at the gate, after checking the dialog says how long the way back stays open. */
    private void approve(String wayBack) throws InterruptedException {
        Await.until(DemoConsole.WAIT, () -> main.run().gateRequestProperty().get() != null);
        CutoverViewModel gate = new CutoverViewModel(main.run().gateRequestProperty().get());
        assertThat(gate.wayBackProperty().get()).startsWith(wayBack);
        assertThat(gate.acknowledgement()).doesNotContain("cannot be rolled back");
        gate.acknowledgedProperty().set(true);
        gate.approve();
    }
}
