package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * Another process holds a SQLite target shard's file write-locked from the start of Replicating: the operation waits
 * for that shard — named, though SQLite's error names no file — and goes on by itself once the lock is gone.
 */
class SqliteLockedShardTest {

    /**
     * The most the lock is held. It is released as soon as the operation says it waits for the shard: when the first
     * write reaches the shard depends on the load, so a fixed hold could end before any write found it locked.
     */
    private static final Duration MOST_LOCK = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aLockedSqliteShardIsNamedAndWaitedFor() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(Kind.SQLITE, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 600)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            List<String> events = new CopyOnWriteArrayList<>();
            HeldSqliteLock[] lock = new HeldSqliteLock[1];
            RegistryRoutedWriter writer = scenario.startWriter(before, 2);
            ReshardingOutcome outcome;
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                ReshardingListener lockAtReplicating = new ReshardingListener() {
                    @Override
                    public void phaseStarted(String id, ReshardingPhase phase) {
                        if (phase == ReshardingPhase.REPLICATING && lock[0] == null) {
                            try {
                                lock[0] = HeldSqliteLock.take(scenario.shard("shard-2").url(), MOST_LOCK);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }

                    @Override
                    public void event(String id, String message) {
                        events.add(message);
                        if (waitsForLockedShard(message) && lock[0] != null) {
                            lock[0].release();
                        }
                    }
                };
                outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options().withRetryFor(Duration.ofMinutes(2)),
                        RunHooks.approving().withListener(lockAtReplicating)).orElseThrow();
            } finally {
                writer.stop();
                if (lock[0] != null) {
                    lock[0].close();
                }
            }
            String all = String.join("\n", events);
            assertThat(outcome.state().phase()).as(all).isEqualTo(ReshardingPhase.COMPLETED);
            assertThat(events).as(all).anyMatch(SqliteLockedShardTest::waitsForLockedShard);
            scenario.assertExactlyOnceOnOwners(before, writer);
        }
    }

    private static boolean waitsForLockedShard(String event) {
        return event.startsWith("waiting for shard shard-2 (") && event.contains("database file locked");
    }
}
