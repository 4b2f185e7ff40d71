package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.ChildJvm;
import org.reshard.testing.RegistryRoutedWriter;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;
import org.reshard.testing.ShardFixture.Kind;
import org.reshard.testing.ShardSnapshot;

/**
 * An orchestrator killed (SIGKILL) inside the write pause: before every source committed its fences, the
 * fences let writes through again by themselves once the pause deadline passes, and writes go on with the
 * old topology until a resume; after the commit, they hold until resume publishes — without asking the
 * gate again. Either way, every acknowledged write ends on its owner exactly once.
 */
class FenceLeaseTest {

    private static final Duration HALT_TIMEOUT = Duration.ofSeconds(90);
    /** The cutover timeout, so the write pause's deadline: the longest a crash before the commit blocks writes. */
    private static final long PAUSE_MILLIS = 3_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void aCrashBeforeTheCommitBlocksWritesOnlyUntilThePauseDeadline(Kind kind) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 600)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            RegistryRoutedWriter writer = scenario.startWriter(before, 2);
            try {
                long killedAt = killAt(scenario, "cutover.fenced");
                MovingRow row = movingRow(scenario, before);
                assertThatThrownBy(() -> touch(scenario, row)).as("fenced right after the crash").hasMessageContaining("reshard: key moved");
                awaitWritable(scenario, row, killedAt);
                assertThat(System.nanoTime() - killedAt).as("unblocked by the lease, not earlier")
                        .isGreaterThan(Duration.ofMillis(PAUSE_MILLIS / 2).toNanos());
                long retriesAfterLease = writer.movedRetries();
                Thread.sleep(500);
                assertThat(writer.movedRetries()).as("the application's writes go through again").isEqualTo(retriesAfterLease);

                try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                    ReshardingState active = store.listActive().orElseThrow().getFirst();
                    ReshardingOutcome outcome = new ReshardingOrchestrator(store).resume(active.id(), RunHooks.approving()).orElseThrow();
                    assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
                }
            } finally {
                writer.stop();
            }
            scenario.assertExactlyOnceOnOwners(before, writer);
            scenario.snapshot().objects().values().forEach(objects -> assertThat(objects).noneMatch(o -> o.contains("reshard_")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void aCrashAfterTheCommitKeepsTheFencesAndResumePublishesWithoutTheGate(Kind kind) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 600)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            RegistryRoutedWriter writer = scenario.startWriter(before, 2);
            try {
                killAt(scenario, "cutover.committed");
                MovingRow row = movingRow(scenario, before);
                Thread.sleep(PAUSE_MILLIS + 500);
                assertThatThrownBy(() -> touch(scenario, row)).as("committed fences outlive the pause deadline")
                        .hasMessageContaining("reshard: key moved");
                assertThat(scenario.snapshot().registry()).as("not published yet").last().asString().endsWith("orders-old");

                try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                    ReshardingState active = store.listActive().orElseThrow().getFirst();
                    // The decision was taken before the crash: a gate that would refuse is never asked.
                    CutoverGate refuse = summary -> CompletableFuture.completedFuture(new GateDecision.Refuse("must not be asked"));
                    ReshardingOutcome outcome = new ReshardingOrchestrator(store).resume(active.id(), RunHooks.approving().withGate(refuse))
                            .orElseThrow();
                    assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
                }
                assertThat(scenario.snapshot().registry()).last().asString().endsWith("orders-new");
            } finally {
                writer.stop();
            }
            scenario.assertExactlyOnceOnOwners(before, writer);
        }
    }

    /** A row that exists before the operation and moves to another shard. */
    private record MovingRow(String shard, long id) {
    }

    private static MovingRow movingRow(ReshardingScenario scenario, ShardSnapshot before) {
        for (Map.Entry<String, List<ShardSnapshot.Located>> entry : before.rowsOf("orders").entrySet()) {
            ShardSnapshot.Located row = entry.getValue().getFirst();
            if (!scenario.newTopology().ownerOf(row.shardKey()).equals(row.shard())) {
                return new MovingRow(row.shard(), Long.parseLong(entry.getKey().substring("id=".length())));
            }
        }
        throw new IllegalStateException("no row moves");
    }

    /** Writes the row where the old topology has it, as an application that has not seen a new topology does. */
    private static void touch(ReshardingScenario scenario, MovingRow row) throws SQLException {
        try (Connection c = ShardFixture.connect(scenario.shard(row.shard()));
             PreparedStatement update = c.prepareStatement("UPDATE orders SET status = status WHERE id = ?")) {
            update.setLong(1, row.id());
            update.executeUpdate();
        }
    }

    private static void awaitWritable(ReshardingScenario scenario, MovingRow row, long since) throws Exception {
        long deadline = since + Duration.ofMillis(PAUSE_MILLIS + 20_000).toNanos();
        while (true) {
            try {
                touch(scenario, row);
                return;
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("reshard: key moved") && !String.valueOf(e.getMessage()).contains("SQLITE_BUSY")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Runs the operation in a child JVM, kills it at the point; returns when (System.nanoTime) it was killed. */
    private static long killAt(ReshardingScenario scenario, String point) throws Exception {
        try (ChildJvm child = ChildJvm.start(ResharderChild.class, List.of("-Dreshard.test.haltAt=" + point),
                scenario.stateFile().toString(), scenario.oldFile().toString(), scenario.newFile().toString(), "run", "100",
                Long.toString(PAUSE_MILLIS))) {
            child.awaitLine(line -> line.equals("halted at " + point), HALT_TIMEOUT);
            child.killHard();
            return System.nanoTime();
        }
    }
}
