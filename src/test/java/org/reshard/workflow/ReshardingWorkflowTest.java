package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reshard.plan.CopyRate;
import org.reshard.plan.PlanJson;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.PhaseTiming;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.state.StepProgress;
import org.reshard.testing.RegistryRoutedWriter;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture.Kind;
import org.reshard.cdc.CaptureSetting;
import org.reshard.testing.ShardSnapshot;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/** Whole operations on real PostgreSQL databases and SQLite files, while an application keeps writing. */
class ReshardingWorkflowTest {

    @TempDir
    Path dir;

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of(Kind.SQLITE, 2, Strategy.RANGE, 3, Strategy.RANGE, CaptureSetting.AUTO),
                Arguments.of(Kind.POSTGRES, 2, Strategy.RANGE, 3, Strategy.RANGE, CaptureSetting.AUTO),
                Arguments.of(Kind.POSTGRES, 2, Strategy.RANGE, 3, Strategy.RANGE, CaptureSetting.TRIGGERS),
                Arguments.of(Kind.POSTGRES, 3, Strategy.RING, 2, Strategy.RING, CaptureSetting.AUTO),
                Arguments.of(Kind.POSTGRES, 3, Strategy.RING, 2, Strategy.RING, CaptureSetting.TRIGGERS),
                Arguments.of(Kind.SQLITE, 3, Strategy.RING, 2, Strategy.RING, CaptureSetting.AUTO));
    }

    @ParameterizedTest(name = "{0} {1} shards ({2}) → {3} shards ({4}), capture {5}")
    @MethodSource("scenarios")
    void movesEveryRowExactlyOnceWhileAnApplicationWrites(Kind kind, int from, Strategy fromStrategy, int to, Strategy toStrategy,
                                                          CaptureSetting capture) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, from, fromStrategy, to, toStrategy, 1_500)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            List<String> phases = new ArrayList<>();
            ReshardingOutcome outcome;
            RegistryRoutedWriter writer = scenario.startWriter(before, 1);
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                RunHooks hooks = RunHooks.approving().withListener(new ReshardingListener() {
                    @Override
                    public void phaseCompleted(String id, ReshardingPhase phase, Duration took) {
                        phases.add(phase.label());
                    }
                });
                outcome = orchestrator.execute(plan, options().withCapture(capture), hooks).orElseThrow();
            } finally {
                writer.stop();
            }
            // On PostgreSQL, auto captures from the WAL (the test server runs with wal_level = logical, as .ci/run sets it).
            String expected = kind == Kind.POSTGRES && capture == CaptureSetting.AUTO ? "logical" : "triggers";
            assertThat(outcome.state().captures().values()).as("each source's capture").isNotEmpty()
                    .allSatisfy(c -> assertThat(c.method()).as(c.reason()).isEqualTo(expected));
            assertThat(outcome).isInstanceOf(ReshardingOutcome.Finished.class);
            assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);
            assertThat(phases).containsExactly("Planning", "Copying", "Replicating", "Verifying", "CuttingOver", "CleaningUp");
            assertThat(outcome.state().history()).extracting(PhaseTiming::phase).containsSubsequence(ReshardingPhase.WORKING);
            assertThat(outcome.state().steps()).allSatisfy(step -> {
                assertThat(step.copyDone()).isTrue();
                assertThat(step.verification().matches()).isTrue();
            });
            assertThat(writer.acknowledged()).isGreaterThan(30);
            scenario.assertExactlyOnceOnOwners(before, writer);
            ShardSnapshot after = scenario.snapshot();
            assertThat(after.registry()).last().asString().endsWith("orders-new");
            after.objects().values().forEach(objects -> assertThat(objects).noneMatch(o -> o.contains("reshard_")));
            if (to > from) {
                assertThat(after.objects().get("shard-" + (to - 1))).contains("index orders_customer", "index line_items_account");
            }
        }
    }

    @Test
    void registersTheOldTopologyWhenTheRegistryIsEmpty() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(Kind.SQLITE, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 200);
             SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
            ShardSnapshot before = scenario.snapshot();
            assertThat(before.registry()).isEmpty();
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
            ReshardingOutcome outcome = orchestrator.execute(plan, options(), RunHooks.approving()).orElseThrow();
            assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);
            assertThat(outcome.state().registeredVersion()).isEqualTo(1L);
            assertThat(scenario.snapshot().registry()).containsExactly("1 orders-old", "2 orders-new");
            scenario.assertExactlyOnceOnOwners(before, null);
        }
    }

    @Test
    void theNextPlanOnTheSameRegistryEstimatesAtTheRateTheCompletedRunMeasured() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(Kind.SQLITE, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 400);
             SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
            scenario.registerOldTopology();
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan first = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
            assertThat(first.estimate().rate()).isEqualTo(CopyRate.ASSUMED);
            var stored = PlanJson.toJson(first);
            ((com.fasterxml.jackson.databind.node.ObjectNode) stored.get("estimate")).remove("rateMeasuredBy");
            assertThat(PlanJson.fromJson(stored, new TopologyLoader()).orElseThrow().estimate().rate())
                    .as("a plan stored before rateMeasuredBy existed").isEqualTo(CopyRate.ASSUMED);
            ReshardingOutcome outcome = orchestrator.execute(first, options(), RunHooks.approving()).orElseThrow();
            assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);

            long rows = outcome.state().steps().stream().mapToLong(StepProgress::rowsCopied).sum();
            long millis = outcome.state().history().stream()
                    .filter(t -> t.phase() == ReshardingPhase.COPYING || t.phase() == ReshardingPhase.REPLICATING
                            || t.phase() == ReshardingPhase.VERIFYING)
                    .mapToLong(t -> t.duration(t.completedAt()).toMillis()).sum();
            ReshardingPlan back = orchestrator.plan(new ReshardingRequest(scenario.newTopology(), scenario.oldTopology())).orElseThrow();
            assertThat(back.estimate().rate()).isEqualTo(CopyRate.measured(rows * 1000 / millis, outcome.state().id()));
            assertThat(back.estimate().duration().toMillis())
                    .isEqualTo(Math.max(1000, back.estimate().totalRows() * 1000 / back.estimate().rate().rowsPerSecond()));
            assertThat(PlanJson.fromJson(PlanJson.toJson(back), new TopologyLoader()).orElseThrow().estimate()).isEqualTo(back.estimate());

            Topology elsewhere = scenario.newTopology();
            Topology otherRegistry = elsewhere.withRegistry("jdbc:sqlite:" + dir.resolve("other-registry.db"));
            Topology otherFrom = scenario.oldTopology().withRegistry(otherRegistry.registryUrl());
            assertThat(orchestrator.plan(new ReshardingRequest(otherRegistry, otherFrom)).orElseThrow().estimate().rate())
                    .as("a run on another registry (another cluster) says nothing about this one's speed")
                    .isEqualTo(CopyRate.ASSUMED);
        }
    }

    static ReshardingOptions options() {
        return ReshardingOptions.DEFAULTS.withBatchSize(250).withRetention(Duration.ZERO).withLagThreshold(Duration.ofMillis(500));
    }
}
