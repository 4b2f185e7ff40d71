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
            "SQLITE, planning.checked, auto",
            "SQLITE, copy.capture-installed, auto",
            "SQLITE, copy.batch-written#3, auto",
            "SQLITE, copy.batch#4, auto",
            "SQLITE, replicate.caught-up, auto",
            "SQLITE, verify.step#2, auto",
            "SQLITE, cutover.gate, auto",
            "SQLITE, cutover.fenced, auto",
            "SQLITE, cutover.published, auto",
            "SQLITE, cleanup.batch, auto",
            "POSTGRES, copy.capture-created, logical",
            "POSTGRES, copy.batch-written#2, logical",
            "POSTGRES, copy.batch#3, logical",
            "POSTGRES, replicate.caught-up, logical",
            "POSTGRES, cutover.fenced, logical",
            "POSTGRES, cutover.published, logical",
            "POSTGRES, copy.batch-written#2, triggers",
            "POSTGRES, cutover.fenced, triggers"})
    void resumeAfterSigkillLosesNothing(Kind kind, String point, String capture) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 800)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            RegistryRoutedWriter writer = scenario.startWriter(before, 2);
            try {
                killAt(scenario, point, "run", capture);
                try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                    List<ReshardingState> active = store.listActive().orElseThrow();
                    assertThat(active).hasSize(1);
                    String expected = kind == Kind.POSTGRES ? capture : "triggers";
                    assertThat(active.getFirst().captures().values()).isNotEmpty().allSatisfy(c -> assertThat(c.method()).isEqualTo(expected));
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

    @ParameterizedTest(name = "{0} ({1} capture) killed during rollback")
    @CsvSource({"SQLITE, auto", "POSTGRES, logical", "POSTGRES, triggers"})
    void rollbackInterruptedBySigkillIsRunAgain(Kind kind, String capture) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 300)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            killAt(scenario, "rollback.capture-removed", "rollback", capture);
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                String id = store.listActive().orElseThrow().getFirst().id();
                ReshardingOutcome outcome = new ReshardingOrchestrator(store).resume(id, RunHooks.approving()).orElseThrow();
                assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.ROLLED_BACK);
            }
            assertThat(scenario.snapshot()).isEqualTo(before);
        }
    }

    private static void killAt(ReshardingScenario scenario, String point, String mode, String capture) throws Exception {
        try (ChildJvm child = ChildJvm.start(ResharderChild.class, List.of("-Dreshard.test.haltAt=" + point, "-Dreshard.test.capture=" + capture),
                scenario.stateFile().toString(), scenario.oldFile().toString(), scenario.newFile().toString(), mode, "100")) {
            child.awaitLine(line -> line.equals("halted at " + point), HALT_TIMEOUT);
            child.killHard();
        }
    }
}
