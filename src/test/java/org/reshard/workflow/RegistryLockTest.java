package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.HeldSqliteLock;
import org.reshard.testing.RegistryRoutedWriter;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture.Kind;
import org.reshard.testing.ShardSnapshot;

/**
 * Another process holds the SQLite topology registry exclusively locked across the whole write pause: the
 * publish cannot happen, so the pause is undone (writes go on with the old topology), the operation waits
 * for the registry and says so, and publishes once the lock is gone — nothing published half-way.
 */
class RegistryLockTest {

    /**
     * The most the lock is held. It is released once the operation says it waits for the registry, so the first write
     * pause cannot publish however long the machine takes to reach it.
     */
    private static final Duration MOST_LOCK = Duration.ofSeconds(90);
    private static final Duration CUTOVER_TIMEOUT = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void aLockedRegistryIsWaitedForAndTheCutoverPublishesOnceItIsFree() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(Kind.SQLITE, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 600)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            List<String> events = new CopyOnWriteArrayList<>();
            RegistryRoutedWriter writer = scenario.startWriter(before, 2);
            HeldSqliteLock[] lock = new HeldSqliteLock[1];
            ReshardingOutcome outcome;
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                CutoverGate lockThenApprove = summary -> CompletableFuture.supplyAsync(() -> {
                    try {
                        lock[0] = HeldSqliteLock.take(scenario.registryUrl(), MOST_LOCK);
                        return new GateDecision.Approve("test");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                ReshardingListener recording = new ReshardingListener() {
                    @Override
                    public void event(String id, String message) {
                        events.add(message);
                        if (waitsForRegistry(message) && lock[0] != null) {
                            lock[0].release();
                        }
                    }
                };
                outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options().withCutoverTimeout(CUTOVER_TIMEOUT)
                        .withRetryFor(Duration.ofMinutes(2)), RunHooks.approving().withGate(lockThenApprove).withListener(recording)).orElseThrow();
            } finally {
                writer.stop();
                if (lock[0] != null) {
                    lock[0].close();
                }
            }
            String all = String.join("\n", events);
            assertThat(outcome.state().phase()).as(all).isEqualTo(ReshardingPhase.COMPLETED);
            assertThat(events).as(all).anyMatch(e -> e.startsWith("cutover undone after a fault: fences removed"));
            assertThat(events).as(all).anyMatch(e -> waitsForRegistry(e) && e.contains("(" + dir.resolve("registry.db"))
                    && e.contains("reshard.registry.unavailable"));
            assertThat(events).as(all).anyMatch(e -> e.startsWith("the topology registry (") && e.contains("answers again"));
            assertThat(scenario.snapshot().registry()).containsExactly("1 orders-old", "2 orders-new");
            scenario.assertExactlyOnceOnOwners(before, writer);
        }
    }

    private static boolean waitsForRegistry(String event) {
        return event.startsWith("waiting for the topology registry (") && event.contains("database file locked");
    }
}
