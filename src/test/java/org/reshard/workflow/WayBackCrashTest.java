package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.ChildJvm;
import org.reshard.testing.RegistryRoutedWriter;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture.Kind;
import org.reshard.testing.ShardSnapshot;

/**
 * {@code kill -9} inside each way-back step — switch back (fenced, committed, published), switch forward
 * (fenced, committed) and complete (mid-cleanup) — under a writer; resume finishes or undoes the step, the
 * operation is then taken to the end, and every acknowledged write is once on its owner with nothing left behind.
 */
class WayBackCrashTest {

    private static final Duration HALT_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} killed in {1} at {2}")
    @CsvSource({
            "SQLITE, switch-back, switchback.fenced",
            "SQLITE, switch-back, switchback.committed",
            "SQLITE, switch-back, switchback.published",
            "SQLITE, switch-forward, cutover.committed",
            "SQLITE, complete, cleanup.batch",
            "POSTGRES, switch-back, switchback.fenced",
            "POSTGRES, switch-back, switchback.committed",
            "POSTGRES, switch-forward, cutover.fenced",
            "POSTGRES, complete, cleanup.batch"})
    void resumeAfterAKillInAWayBackStepLosesNothing(Kind kind, String step, String point) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 600)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            List<String> events = new CopyOnWriteArrayList<>();
            RegistryRoutedWriter writer = scenario.startWriter(before, 2);
            try {
                String id;
                try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                    ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                    ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                    id = plan.id();
                    Retention.runInto(orchestrator, plan, events);
                    if (step.equals("switch-forward")) {
                        assertThat(orchestrator.switchBack(id, RunHooks.approving()).orElseThrow().state().phase())
                                .isEqualTo(ReshardingPhase.REPLICATING);
                    }
                }
                killAt(scenario, step, id, point);
                try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                    ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                    ReshardingOutcome resumed = Retention.runInto(orchestrator, id, events);
                    if (resumed.state().phase() == ReshardingPhase.REPLICATING) {
                        // The switch back was finished: switch forward again.
                        resumed = Retention.runInto(orchestrator, id, events);
                    }
                    if (resumed.state().phase() == ReshardingPhase.CLEANING_UP) {
                        resumed = orchestrator.complete(id, RunHooks.approving()).orElseThrow();
                    }
                    assertThat(resumed.state().phase()).as(String.join("\n", events)).isEqualTo(ReshardingPhase.COMPLETED);
                    assertThat(resumed.state().switchingBack()).isFalse();
                }
            } finally {
                writer.stop();
            }
            scenario.assertExactlyOnceOnOwners(before, writer);
            scenario.snapshot().objects().values().forEach(objects -> assertThat(objects).noneMatch(o -> o.contains("reshard_")));
            assertThat(scenario.snapshot().registry()).last().asString().endsWith("orders-new");
        }
    }

    private static void killAt(ReshardingScenario scenario, String step, String id, String point) throws Exception {
        try (ChildJvm child = ChildJvm.start(WayBackChild.class, List.of("-Dreshard.test.haltAt=" + point),
                scenario.stateFile().toString(), step, id)) {
            child.awaitLine(line -> line.equals("halted at " + point), HALT_TIMEOUT);
            child.killHard();
        }
    }
}
