package org.reshard.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.state.ReshardingPhase;
import org.reshard.testing.TestTelemetry;
import org.reshard.ui.common.UiExecutor;
import org.reshard.ui.cutover.CutoverRequest;
import org.reshard.ui.cutover.CutoverViewModel;
import org.reshard.ui.run.PhaseItem;
import org.reshard.ui.shell.MainViewModel;
import org.reshard.ui.topology.ShardRow;

/** The console's view-models on a real demo workspace, without a window: what the screens bind to. */
class ViewModelTest {

    @TempDir
    Path home;

    private ConsoleSession session;
    private MainViewModel main;

    @BeforeEach
    void open() {
        session = new ConsoleSession(new ConsoleSettings(home, 3_000), UiExecutor.DIRECT, new TestTelemetry().telemetry());
        main = new MainViewModel(session);
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void theDemoIsCreatedLoadedCheckedAndPlanned() throws Exception {
        CountDownLatch loaded = new CountDownLatch(1);
        main.start().openDemo(loaded::countDown);
        assertThat(loaded.await(60, TimeUnit.SECONDS)).as(main.start().errorProperty().get()).isTrue();
        assertThat(session.current()).get().extracting(t -> t.name()).isEqualTo("orders-v1");
        assertThat(main.start().recent()).hasSize(1);
        // Each topology's shards are checked on their own; wait for both, or the current one may still be unchecked.
        await(() -> main.topologies().target().shards().stream().allMatch(ShardRow::reachable)
                && main.topologies().current().shards().stream().allMatch(ShardRow::reachable)
                && !main.topologies().current().shards().getFirst().rows().isEmpty());
        assertThat(main.topologies().target().shards()).extracting(ShardRow::id).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(main.topologies().target().shards().get(2).rows()).isEqualTo("orders: no table");
        assertThat(main.topologies().current().shards().getFirst().rows()).startsWith("orders: 1,");
        // The plan, its table and the Start button's state arrive in separate UI-thread updates.
        await(() -> session.planProperty().get() != null && main.plan().steps().size() == 2 && main.plan().canStartProperty().get());
        assertThat(main.plan().steps()).hasSize(2);
        assertThat(main.plan().totalsProperty().get()).contains("2 steps", "50.0% of the hash space");
        assertThat(main.plan().canStartProperty().get()).isTrue();
    }

    @Test
    void anInvalidTopologyListsItsProblemsWithTheirPath() throws Exception {
        Path bad = home.resolve("bad.json");
        Files.writeString(bad, "{\"name\": \"x\", \"registry\": \"jdbc:sqlite:r.db\", \"routing\": {\"strategy\": \"hash-range\", \"ranges\": \"equal\"},"
                + " \"shards\": [], \"tables\": [{\"name\": \"t\", \"shardKey\": \"k\"}]}");
        main.topologies().current().open(bad);
        // The problems and the summary are set one after the other on the UI thread: wait for both.
        await(() -> !main.topologies().current().problems().isEmpty() && !main.topologies().current().summaryProperty().get().startsWith("Loading"));
        assertThat(String.join("\n", main.topologies().current().problems())).contains("$.shards", "$.tables[0].primaryKey");
        assertThat(main.topologies().current().summaryProperty().get()).contains("invalid", "2 problems");
    }

    @Test
    void optionsAreValidatedAsTyped() {
        var form = main.plan().options();
        form.batchSizeProperty().set("ten");
        assertThat(form.batchSizeErrorProperty().get()).contains("whole number");
        form.batchSizeProperty().set("500");
        form.lagThresholdProperty().set("5");
        assertThat(form.lagThresholdErrorProperty().get()).contains("needs a unit");
        form.lagThresholdProperty().set("500ms");
        form.cutoverTimeoutProperty().set("0s");
        assertThat(form.validProperty().get()).isFalse();
        assertThat(form.formErrorProperty().get()).contains("cutover timeout must be more than 0");
        form.cutoverTimeoutProperty().set("20s");
        assertThat(form.validProperty().get()).isTrue();
        assertThat(form.build().batchSize()).isEqualTo(500);
    }

    @Test
    void aRunAsksAtTheGateAndCompletesAfterApproval() throws Exception {
        CountDownLatch loaded = new CountDownLatch(1);
        main.start().openDemo(loaded::countDown);
        assertThat(loaded.await(60, TimeUnit.SECONDS)).isTrue();
        // The plan, its table and the Start button's state arrive in separate UI-thread updates.
        await(() -> session.planProperty().get() != null && main.plan().steps().size() == 2 && main.plan().canStartProperty().get());
        main.plan().options().batchSizeProperty().set("200");
        main.plan().options().retentionProperty().set("0s");
        main.startPlan();
        await(() -> main.run().gateRequestProperty().get() != null);
        CutoverRequest request = main.run().gateRequestProperty().get();
        CutoverViewModel dialog = new CutoverViewModel(request);
        assertThat(dialog.checks()).hasSize(2).allSatisfy(c -> assertThat(c.verified()).isTrue());
        assertThat(dialog.canApproveProperty().get()).isFalse();
        dialog.acknowledgedProperty().set(true);
        assertThat(dialog.canApproveProperty().get()).isTrue();
        dialog.tick(Instant.now());
        assertThat(dialog.countdownProperty().get()).contains("s left to decide");
        dialog.approve();
        await(() -> !main.run().runningProperty().get());
        assertThat(main.run().outcomeProperty().get()).startsWith("Completed");
        assertThat(main.run().timeline()).extracting(PhaseItem::state).containsOnly(PhaseItem.State.DONE);
        assertThat(main.run().steps()).allSatisfy(s -> {
            assertThat(s.copied()).isEqualTo(1.0);
            assertThat(s.verified()).startsWith("✓");
        });
        assertThat(main.run().log()).anySatisfy(e -> assertThat(e.message()).contains("cutover approved"));
        assertThat(session.store().get(main.run().operationIdProperty().get()).orElseThrow().phase()).isEqualTo(ReshardingPhase.COMPLETED);
    }

    @Test
    void pausingStopsAtACheckpointAndTheStartScreenOffersToResume() throws Exception {
        CountDownLatch loaded = new CountDownLatch(1);
        main.start().openDemo(loaded::countDown);
        assertThat(loaded.await(60, TimeUnit.SECONDS)).isTrue();
        // The plan, its table and the Start button's state arrive in separate UI-thread updates.
        await(() -> session.planProperty().get() != null && main.plan().steps().size() == 2 && main.plan().canStartProperty().get());
        main.plan().options().batchSizeProperty().set("20");
        main.startPlan();
        await(() -> main.run().steps().stream().anyMatch(s -> s.copied() > 0));
        main.run().pause();
        // The view-model clears "running" just before it sets the outcome; wait for both.
        await(() -> !main.run().runningProperty().get() && !main.run().outcomeProperty().get().isEmpty());
        assertThat(main.run().outcomeProperty().get()).contains("Stopped in Copying", "paused by the operator");
        assertThat(main.run().resumableProperty().get()).isTrue();
        assertThat(main.run().canRollBackProperty().get()).isTrue();
        main.start().refresh();
        await(() -> !main.start().interrupted().isEmpty());
        assertThat(main.start().interrupted().getFirst().phase()).isEqualTo("Copying");
        assertThat(main.start().interrupted().getFirst().canRollBack()).isTrue();
        main.run().rollBack();
        await(() -> !main.run().runningProperty().get() && !main.run().outcomeProperty().get().isEmpty());
        assertThat(main.run().outcomeProperty().get()).startsWith("Rolled back");
    }

    @Test
    void theStatusBarFollowsAStartAndAResumeAtTheGateShowsTheStoredOperationAndItsWorkspaceAtOnce() throws Exception {
        CountDownLatch loaded = new CountDownLatch(1);
        main.start().openDemo(loaded::countDown);
        assertThat(loaded.await(60, TimeUnit.SECONDS)).isTrue();
        await(() -> session.planProperty().get() != null);
        main.health().check();
        await(() -> main.health().textProperty().get().contains("no resharding is active"));
        main.plan().options().batchSizeProperty().set("500");
        main.startPlan();
        // No poll runs in this test: only the start itself can change the status bar.
        await(() -> !main.health().textProperty().get().contains("no resharding is active"));
        await(() -> main.run().gateRequestProperty().get() != null);
        new CutoverViewModel(main.run().gateRequestProperty().get()).later();
        await(() -> !main.run().runningProperty().get() && !main.run().outcomeProperty().get().isEmpty());
        String id = main.run().operationIdProperty().get();

        // Relaunch: a new window on the same state file, nothing loaded.
        session.close();
        session = new ConsoleSession(new ConsoleSettings(home, 3_000), UiExecutor.DIRECT, new TestTelemetry().telemetry());
        main = new MainViewModel(session);
        main.start().refresh();
        await(() -> !main.start().interrupted().isEmpty());
        assertThat(session.current()).isEmpty();
        main.resume(id);
        await(() -> main.run().gateRequestProperty().get() != null);
        // While the gate asks, nothing else reports progress: what shows comes from the state store.
        await(() -> main.run().steps().size() == 2);
        assertThat(main.run().steps()).allSatisfy(s -> {
            assertThat(s.copied()).isEqualTo(1.0);
            assertThat(s.verified()).startsWith("✓");
        });
        assertThat(main.run().timeline()).extracting(PhaseItem::state).startsWith(PhaseItem.State.DONE, PhaseItem.State.DONE,
                PhaseItem.State.DONE, PhaseItem.State.DONE);
        assertThat(main.run().headlineProperty().get()).doesNotContain("(0.0%)");
        await(() -> session.current().isPresent() && session.target().isPresent() && main.plan().steps().size() == 2);
        assertThat(session.current().orElseThrow().name()).isEqualTo("orders-v1");
        assertThat(session.target().orElseThrow().name()).isEqualTo("orders-v2");
        assertThat(main.plan().titleProperty().get()).contains(id);
        new CutoverViewModel(main.run().gateRequestProperty().get()).later();
        await(() -> !main.run().runningProperty().get());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 90 s");
            }
            Thread.sleep(20);
        }
    }
}
