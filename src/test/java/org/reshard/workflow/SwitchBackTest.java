package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reshard.common.ErrorCode;
import org.reshard.common.Result;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.RegistryRoutedWriter;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture.Kind;
import org.reshard.testing.ShardSnapshot;

/**
 * The way back after cutover, under an application that keeps writing (routed by the registry, retrying on
 * "key moved"): cutover → writes on the new owners, followed back to the old owners' copies → switch back →
 * writes on the old owners → switch forward through the gate → complete. Every acknowledged write ends once
 * on its owner, and no capture, fence or changelog is left on any shard.
 */
class SwitchBackTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, capture {1}")
    @org.junit.jupiter.params.provider.CsvSource({"SQLITE, AUTO", "POSTGRES, LOGICAL", "POSTGRES, TRIGGERS"})
    void cutoverSwitchBackSwitchForwardCompleteLosesNoWrite(Kind kind, org.reshard.cdc.CaptureSetting capture) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 800)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            List<String> events = new CopyOnWriteArrayList<>();
            RegistryRoutedWriter writer = scenario.startWriter(before, 1);
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                String id = plan.id();

                ReshardingOutcome retaining = Retention.runInto(orchestrator, plan, events, capture);
                assertThat(retaining.state().phase()).isEqualTo(ReshardingPhase.CLEANING_UP);
                String method = capture == org.reshard.cdc.CaptureSetting.LOGICAL ? "logical" : "triggers";
                assertThat(retaining.state().captures().values()).isNotEmpty().allSatisfy(c -> assertThat(c.method()).isEqualTo(method));
                assertThat(scenario.snapshot().registry()).last().asString().endsWith("orders-new");
                assertThat(retaining.state().steps()).as("the new owners' writes were followed back")
                        .anyMatch(step -> step.rowsReversed() > 0);

                ReshardingOutcome back = orchestrator.switchBack(id, hooks(events)).orElseThrow();
                assertThat(back).as(String.join("\n", events)).isInstanceOf(ReshardingOutcome.Stopped.class);
                assertThat(back.state().phase()).isEqualTo(ReshardingPhase.REPLICATING);
                assertThat(back.state().publishedVersion()).isNull();
                assertThat(back.state().publishedVersions()).hasSize(2);
                assertThat(scenario.snapshot().registry()).last().asString().endsWith("orders-old");
                assertThat(events).anyMatch(e -> e.startsWith("switch back: writes to the moved ranges were paused for "));
                Thread.sleep(Retention.WRITING.toMillis());

                ReshardingOutcome forward = Retention.runInto(orchestrator, id, events);
                assertThat(forward.state().phase()).isEqualTo(ReshardingPhase.CLEANING_UP);
                assertThat(scenario.snapshot().registry()).last().asString().endsWith("orders-new");
                assertThat(forward.state().steps()).allSatisfy(step -> assertThat(step.verification().matches()).isTrue());

                ReshardingOutcome done = orchestrator.complete(id, hooks(events)).orElseThrow();
                assertThat(done.state().phase()).as(String.join("\n", events)).isEqualTo(ReshardingPhase.COMPLETED);
                assertThat(done.state().publishedVersions()).hasSize(3);
            } finally {
                writer.stop();
            }
            assertThat(writer.acknowledged()).isGreaterThan(50);
            scenario.assertExactlyOnceOnOwners(before, writer);
            scenario.snapshot().objects().values().forEach(objects -> assertThat(objects).noneMatch(o -> o.contains("reshard_")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void afterASwitchBackRollbackRestoresTheShardsAndTheRegistry(Kind kind) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 500)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            List<String> events = new CopyOnWriteArrayList<>();
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                Retention.runInto(orchestrator, plan, events);
                assertThat(orchestrator.switchBack(plan.id(), hooks(events)).orElseThrow().state().phase()).isEqualTo(ReshardingPhase.REPLICATING);
                ReshardingOutcome rolledBack = orchestrator.rollback(plan.id(), hooks(events)).orElseThrow();
                assertThat(rolledBack.state().phase()).as(String.join("\n", events)).isEqualTo(ReshardingPhase.ROLLED_BACK);
            }
            assertThat(scenario.snapshot()).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void switchBackIsRefusedBeforeCutoverAndOnceCleanupBegan(Kind kind) throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 300)) {
            scenario.registerOldTopology();
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                CutoverGate defer = summary -> CompletableFuture.completedFuture(new GateDecision.Defer("later"));
                ReshardingOutcome atGate = orchestrator.execute(plan, ReshardingWorkflowTest.options(), RunHooks.approving().withGate(defer))
                        .orElseThrow();
                assertThat(atGate).isInstanceOf(ReshardingOutcome.StoppedAtGate.class);
                assertRefused(orchestrator.switchBack(plan.id(), RunHooks.approving()), "has not published");

                ReshardingOutcome done = orchestrator.resume(plan.id(), RunHooks.approving()).orElseThrow();
                assertThat(done.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);
                assertRefused(orchestrator.switchBack(plan.id(), RunHooks.approving()), "is Completed");
            }
        }
    }

    private static void assertRefused(Result<ReshardingOutcome> result, String why) {
        assertThat(result).isInstanceOf(Result.Failure.class);
        var error = ((Result.Failure<ReshardingOutcome>) result).error();
        assertThat(error.code()).isEqualTo(ErrorCode.SWITCH_BACK_NOT_AVAILABLE);
        assertThat(error.message()).contains(why);
    }

    private static RunHooks hooks(List<String> events) {
        return RunHooks.approving().withListener(new ReshardingListener() {
            @Override
            public void event(String id, String message) {
                events.add(message);
            }
        });
    }
}
