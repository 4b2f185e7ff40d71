package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.ChildJvm;
import org.reshard.testing.RegistryRoutedWriter;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture.Kind;
import org.reshard.testing.ShardSnapshot;

/**
 * A child JVM runs the operation and is killed with SIGKILL at a point in every phase (and mid-batch:
 * rows written to the target, not committed); then the operation is resumed here. An application keeps
 * writing throughout, and afterwards every acknowledged write is present exactly once, on its owner.
 */
class CrashRecoveryTest {

    private static final Duration HALT_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} killed at {1}")
    @CsvSource({
            "SQLITE, planning.checked",
            "SQLITE, copy.capture-installed",
            "SQLITE, copy.batch-written#3",
            "SQLITE, copy.batch#4",
            "SQLITE, replicate.caught-up",
            "SQLITE, verify.step#2",
            "SQLITE, cutover.gate",
            "SQLITE, cutover.fenced",
            "SQLITE, cutover.published",
            "SQLITE, cleanup.batch",
            "POSTGRES, copy.batch-written#2",
            "POSTGRES, cutover.fenced",
            "POSTGRES, cutover.published"})
    void resumeAfterSigkillLosesNothing(Kind kind, String point) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 800)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            RegistryRoutedWriter writer = scenario.startWriter(before, 2);
            try {
                killAt(scenario, point, "run");
                try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                    List<ReshardingState> active = store.listActive().orElseThrow();
                    assertThat(active).hasSize(1);
                    ReshardingOutcome outcome = new ReshardingOrchestrator(store).resume(active.getFirst().id(), RunHooks.approving()).orElseThrow();
                    assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
                }
            } finally {
                writer.stop();
            }
            scenario.assertExactlyOnceOnOwners(before, writer);
            scenario.snapshot().objects().values().forEach(objects -> assertThat(objects).noneMatch(o -> o.contains("reshard_")));
        }
    }

    @ParameterizedTest(name = "{0} killed during rollback")
    @CsvSource({"SQLITE", "POSTGRES"})
    void rollbackInterruptedBySigkillIsRunAgain(Kind kind) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 300)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            killAt(scenario, "rollback.capture-removed", "rollback");
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                String id = store.listActive().orElseThrow().getFirst().id();
                ReshardingOutcome outcome = new ReshardingOrchestrator(store).resume(id, RunHooks.approving()).orElseThrow();
                assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.ROLLED_BACK);
            }
            assertThat(scenario.snapshot()).isEqualTo(before);
        }
    }

    private static void killAt(ReshardingScenario scenario, String point, String mode) throws Exception {
        try (ChildJvm child = ChildJvm.start(ResharderChild.class, List.of("-Dreshard.test.haltAt=" + point),
                scenario.stateFile().toString(), scenario.oldFile().toString(), scenario.newFile().toString(), mode, "100")) {
            child.awaitLine(line -> line.equals("halted at " + point), HALT_TIMEOUT);
            child.killHard();
        }
    }
}
