package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.state.ReshardingPhase;
import org.reshard.testing.Await;
import org.reshard.testing.DemoConsole;
import org.reshard.ui.cutover.CutoverRequest;
import org.reshard.ui.cutover.CutoverViewModel;
import org.reshard.ui.shell.MainViewModel;

/** The Run screen's view-model on the demo: the gate, approval, pause, resume offer and rollback. */
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
}
