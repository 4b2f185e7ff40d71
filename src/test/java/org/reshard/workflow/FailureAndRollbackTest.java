package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.RollbackStatus;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;
import org.reshard.testing.ShardFixture.Kind;
import org.reshard.testing.ShardSnapshot;

/** Each failure ends in its stable code, and a rollback restores rows, schema objects and registry exactly. */
class FailureAndRollbackTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void verificationMismatchNamesTheKeyAndRollbackRestoresEverything(Kind kind) throws Exception {
        try (ReshardingScenario scenario = scenario(kind)) {
            ShardSnapshot before = scenario.snapshot();
            long corrupted = firstMovingOrder(scenario, before);
            ReshardingListener corruptTarget = new ReshardingListener() {
                @Override
                public void phaseStarted(String id, ReshardingPhase phase) {
                    if (phase == ReshardingPhase.VERIFYING) {
                        ShardFixture.execute(scenario.shard("shard-2"), "UPDATE orders SET note = 'corrupted' WHERE id = " + corrupted);
                    }
                }
            };
            try (SqliteStateStore store = store(scenario)) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingOutcome outcome = run(orchestrator, scenario, RunHooks.approving().withListener(corruptTarget));
                ReshardError error = failed(outcome, ErrorCode.VERIFICATION_FAILED);
                assertThat(error.message()).contains("id=" + corrupted, "shard-1", "shard-2", "reshard rollback");
                assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.FAILED);
                assertThat(outcome.state().steps()).anySatisfy(step -> assertThat(step.verification().differingKeys()).contains("id=" + corrupted));
                assertRollbackRestores(orchestrator, outcome, scenario, before);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void gateRefusalAbortsTheCutover(Kind kind) throws Exception {
        try (ReshardingScenario scenario = scenario(kind); SqliteStateStore store = store(scenario)) {
            ShardSnapshot before = scenario.snapshot();
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            CutoverGate refuse = summary -> CompletableFuture.completedFuture(new GateDecision.Refuse("lag looked odd"));
            ReshardingOutcome outcome = run(orchestrator, scenario, RunHooks.approving().withGate(refuse));
            assertThat(failed(outcome, ErrorCode.CUTOVER_ABORTED).message()).contains("lag looked odd", "never paused");
            assertRollbackRestores(orchestrator, outcome, scenario, before);
        }
    }

    @Test
    void aGateWithoutAnswerTimesOut() throws Exception {
        try (ReshardingScenario scenario = scenario(Kind.SQLITE); SqliteStateStore store = store(scenario)) {
            ShardSnapshot before = scenario.snapshot();
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            CutoverGate silent = summary -> new CompletableFuture<>();
            ReshardingPlan plan = plan(orchestrator, scenario);
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options().withCutoverTimeout(Duration.ofMillis(700)),
                    RunHooks.approving().withGate(silent)).orElseThrow();
            assertThat(failed(outcome, ErrorCode.CUTOVER_TIMEOUT).message()).contains("no decision at the cutover gate");
            assertRollbackRestores(orchestrator, outcome, scenario, before);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anUnreachableShardStopsPlanningAndChangesNothing(Kind kind) throws Exception {
        try (ReshardingScenario scenario = scenario(kind); SqliteStateStore store = store(scenario)) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = plan(orchestrator, scenario);
            if (kind == Kind.SQLITE) {
                Files.delete(Path.of(scenario.shard("shard-2").url().substring("jdbc:sqlite:".length())));
            } else {
                ShardFixture.execute(new org.reshard.topology.ShardSpec("admin", org.reshard.testing.PostgresTestDatabase.SERVER
                        + "postgres?user=postgres"), "DROP DATABASE " + databaseName(scenario.shard("shard-2").url()) + " WITH (FORCE)");
            }
            ShardSnapshot before = ShardSnapshot.take(scenario.shards().subList(0, 2), org.reshard.testing.ShardedTables.ALL, scenario.registryUrl());
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options(), RunHooks.approving()).orElseThrow();
            ReshardError error = failed(outcome, ErrorCode.PLAN_GENERATION_FAILED);
            assertThat(error.cause().code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE);
            assertThat(error.cause().message()).contains("shard-2");
            assertThat(ShardSnapshot.take(scenario.shards().subList(0, 2), org.reshard.testing.ShardedTables.ALL, scenario.registryUrl()))
                    .isEqualTo(before);
        }
    }

    @Test
    void aRegistryThatRoutesDifferentlyThanThePlanStopsPlanningNamingTheShard() throws Exception {
        try (ReshardingScenario scenario = scenario(Kind.SQLITE); SqliteStateStore store = store(scenario)) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = plan(orchestrator, scenario);
            org.reshard.topology.Topology old = scenario.oldTopology();
            String movedUrl = "jdbc:sqlite:" + dir.resolve("moved-elsewhere.db");
            var shards = old.shards().stream()
                    .map(s -> s.id().equals("shard-0") ? new org.reshard.topology.ShardSpec(s.id(), movedUrl) : s).toList();
            new org.reshard.topology.TopologyRegistry(scenario.registryUrl()).publish(
                    new org.reshard.topology.Topology(old.name(), null, old.registryUrl(), old.routing(), shards, old.tables(), old.referenceTables(), old.partition()),
                    java.time.Instant.now());
            ShardSnapshot before = scenario.snapshot();
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options(), RunHooks.approving()).orElseThrow();
            ReshardError error = failed(outcome, ErrorCode.PLAN_GENERATION_FAILED);
            assertThat(error.details()).anySatisfy(d -> assertThat(d).contains("version 2", "shard-0 is " + movedUrl,
                    "but " + scenario.shard("shard-0").url(), "plan from the topology applications use now"));
            assertThat(scenario.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void aSecondOperationIsRefusedWhileOneIsActiveAndChangesNothing() throws Exception {
        try (ReshardingScenario scenario = scenario(Kind.SQLITE); SqliteStateStore store = store(scenario)) {
            ShardSnapshot initial = scenario.snapshot();
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingOutcome first = run(orchestrator, scenario, RunHooks.approving().withGate(CutoverGate.deferAlways("no terminal")));
            assertThat(first).isInstanceOf(ReshardingOutcome.StoppedAtGate.class);
            assertThat(first.state().phase()).isEqualTo(ReshardingPhase.CUTTING_OVER);
            ShardSnapshot during = scenario.snapshot();
            Result<ReshardingOutcome> second = orchestrator.execute(plan(orchestrator, scenario), ReshardingWorkflowTest.options(),
                    RunHooks.approving());
            assertThat(second).isInstanceOf(Result.Failure.class);
            ReshardError error = ((Result.Failure<ReshardingOutcome>) second).error();
            assertThat(error.code()).isEqualTo(ErrorCode.CONCURRENT_RESHARDING_NOT_ALLOWED);
            assertThat(error.details()).anySatisfy(d -> assertThat(d).contains(first.state().id(), "CuttingOver"));
            assertThat(scenario.snapshot()).isEqualTo(during);
            assertThat(store.listActive().orElseThrow()).hasSize(1);
            assertRollbackRestores(orchestrator, first, scenario, initial);
        }
    }

    @Test
    void stoppingMidCopyThenRollingBackRestoresEverything() throws Exception {
        try (ReshardingScenario scenario = scenario(Kind.SQLITE); SqliteStateStore store = store(scenario)) {
            ShardSnapshot before = scenario.snapshot();
            OperationControl control = new OperationControl();
            ReshardingListener stopAfterFirstBatch = new ReshardingListener() {
                @Override
                public void progress(OperationProgress progress) {
                    if (progress.phase() == ReshardingPhase.COPYING && progress.steps().stream().anyMatch(s -> s.rowsCopied() > 0)) {
                        control.requestStop("operator pressed Cancel");
                    }
                }
            };
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingOutcome outcome = run(orchestrator, scenario, new RunHooks(stopAfterFirstBatch, CutoverGate.approveAlways(), control));
            assertThat(outcome).isInstanceOf(ReshardingOutcome.Stopped.class);
            assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.COPYING);
            assertThat(scenario.snapshot()).isNotEqualTo(before);
            assertRollbackRestores(orchestrator, outcome, scenario, before);
        }
    }

    @Test
    void rollbackIsNotAvailableAfterCutover() throws Exception {
        try (ReshardingScenario scenario = scenario(Kind.SQLITE); SqliteStateStore store = store(scenario)) {
            OperationControl control = new OperationControl();
            ReshardingListener stopWhileRetaining = stopWhenCleanupStarts(control);
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingOutcome outcome = orchestrator.execute(plan(orchestrator, scenario),
                    ReshardingWorkflowTest.options().withRetention(Duration.ofHours(1)),
                    new RunHooks(stopWhileRetaining, CutoverGate.approveAlways(), control)).orElseThrow();
            assertThat(outcome).isInstanceOf(ReshardingOutcome.Stopped.class);
            assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.CLEANING_UP);
            Result<ReshardingOutcome> rollback = orchestrator.rollback(outcome.state().id(), RunHooks.approving());
            assertThat(((Result.Failure<ReshardingOutcome>) rollback).error().code()).isEqualTo(ErrorCode.ROLLBACK_NOT_AVAILABLE);
            assertThat(((Result.Failure<ReshardingOutcome>) rollback).error().message()).contains("registry version 2", "reshard resume");
        }
    }

    @Test
    void anUnreachableSourceInCleanupIsWaitedForThenFailsAfterTheBudgetAndResumeCompletes() throws Exception {
        try (ReshardingScenario scenario = scenario(Kind.SQLITE); SqliteStateStore store = store(scenario)) {
            Path source = Path.of(scenario.shard("shard-0").url().substring("jdbc:sqlite:".length()));
            OperationControl control = new OperationControl();
            ReshardingListener stopWhileRetaining = stopWhenCleanupStarts(control);
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingOutcome stopped = orchestrator.execute(plan(orchestrator, scenario),
                    ReshardingWorkflowTest.options().withRetention(Duration.ofMillis(300)).withRetryFor(Duration.ofSeconds(2)),
                    new RunHooks(stopWhileRetaining, CutoverGate.approveAlways(), control)).orElseThrow();
            assertThat(stopped.state().phase()).isEqualTo(ReshardingPhase.CLEANING_UP);
            Path offline = source.resolveSibling("shard-0.db.offline");
            Files.move(source, offline);
            List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            ReshardingOutcome outcome = orchestrator.resume(stopped.state().id(), RunHooks.approving().withListener(new ReshardingListener() {
                @Override
                public void event(String id, String message) {
                    events.add(message);
                }
            })).orElseThrow();
            ReshardError error = failed(outcome, ErrorCode.CLEANUP_FAILED);
            assertThat(error.cause().code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE);
            assertThat(error.message()).contains("shard shard-0", "after retrying for 2 s", "reshard resume");
            assertThat(events).anyMatch(e -> e.startsWith("waiting for shard shard-0 (") && e.contains("retry 1 in"));
            assertThat(outcome.state().waiting()).isNull();

            Files.move(offline, source);
            ReshardingOutcome done = orchestrator.resume(stopped.state().id(), RunHooks.approving()).orElseThrow();
            assertThat(done.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);
            assertThat(done.state().warnings()).isEmpty();
        }
    }

    @Test
    void aSourceSchemaChangeDuringTheRunStopsIt() throws Exception {
        try (ReshardingScenario scenario = scenario(Kind.SQLITE); SqliteStateStore store = store(scenario)) {
            ReshardingListener alter = new ReshardingListener() {
                @Override
                public void phaseStarted(String id, ReshardingPhase phase) {
                    if (phase == ReshardingPhase.REPLICATING) {
                        ShardFixture.execute(scenario.shard("shard-1"), "ALTER TABLE orders ADD COLUMN coupon TEXT");
                    }
                }
            };
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingOutcome outcome = run(orchestrator, scenario, RunHooks.approving().withListener(alter));
            ReshardError error = failed(outcome, ErrorCode.SCHEMA_CHANGED);
            assertThat(error.message()).contains("definition changed");
            assertThat(error.details()).anySatisfy(d -> assertThat(d).contains("orders", "shard-1", "coupon"));
        }
    }

    private ReshardingScenario scenario(Kind kind) throws Exception {
        ReshardingScenario scenario = new ReshardingScenario(kind, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 300);
        scenario.registerOldTopology();
        return scenario;
    }

    private static SqliteStateStore store(ReshardingScenario scenario) {
        return SqliteStateStore.open(scenario.stateFile()).orElseThrow();
    }

    private static ReshardingPlan plan(ReshardingOrchestrator orchestrator, ReshardingScenario scenario) {
        return orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
    }

    private static ReshardingOutcome run(ReshardingOrchestrator orchestrator, ReshardingScenario scenario, RunHooks hooks) {
        return orchestrator.execute(plan(orchestrator, scenario), ReshardingWorkflowTest.options(), hooks).orElseThrow();
    }

    private static ReshardError failed(ReshardingOutcome outcome, ErrorCode code) {
        assertThat(outcome).isInstanceOf(ReshardingOutcome.Failed.class);
        ReshardError error = ((ReshardingOutcome.Failed) outcome).error();
        assertThat(error.code()).as(error.describe()).isEqualTo(code);
        assertThat(outcome.state().failure().code()).isEqualTo(code.code());
        return error;
    }

    private static void assertRollbackRestores(ReshardingOrchestrator orchestrator, ReshardingOutcome outcome, ReshardingScenario scenario,
                                               ShardSnapshot before) throws Exception {
        ReshardingOutcome rolledBack = orchestrator.rollback(outcome.state().id(), RunHooks.approving()).orElseThrow();
        assertThat(rolledBack.state().phase()).isEqualTo(ReshardingPhase.ROLLED_BACK);
        assertThat(rolledBack.state().rollback()).isEqualTo(RollbackStatus.DONE);
        ShardSnapshot after = scenario.snapshot();
        assertThat(after.objects()).isEqualTo(before.objects());
        assertThat(after.registry()).isEqualTo(before.registry());
        assertThat(after.rows()).isEqualTo(before.rows());
        assertThat(orchestrator.rollback(outcome.state().id(), RunHooks.approving()).orElseThrow().state().phase())
                .isEqualTo(ReshardingPhase.ROLLED_BACK);
    }

    private static long firstMovingOrder(ReshardingScenario scenario, ShardSnapshot before) {
        return before.rowsOf("orders").entrySet().stream()
                .filter(e -> scenario.newTopology().ownerOf(e.getValue().getFirst().shardKey()).equals("shard-2"))
                .map(e -> Long.parseLong(e.getKey().substring(3))).findFirst().orElseThrow();
    }

    private static String databaseName(String url) {
        String path = url.substring(url.lastIndexOf('/') + 1);
        return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    }

    /** Stops the run as the console's close does, once cleanup starts waiting out the retention. */
    private static ReshardingListener stopWhenCleanupStarts(OperationControl control) {
        return new ReshardingListener() {
            @Override
            public void phaseStarted(String id, ReshardingPhase phase) {
                if (phase == ReshardingPhase.CLEANING_UP) {
                    control.requestStop("closing the console");
                }
            }
        };
    }
}
