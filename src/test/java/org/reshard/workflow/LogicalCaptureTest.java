package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.cdc.CaptureSetting;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.ChildJvm;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;
import org.reshard.testing.ShardFixture.Kind;
import org.reshard.testing.ShardSnapshot;
import org.reshard.topology.ShardSpec;

/**
 * Logical-decoding capture on real PostgreSQL databases (the server runs with wal_level = logical, as .ci/run sets it):
 * no triggers on the tables, TRUNCATE during the copy, leftover slots, and a slot lost behind the operation's back.
 */
class LogicalCaptureTest {

    @TempDir
    Path dir;

    @Test
    void capturesFromTheWalWithoutATriggerAndLeavesNoSlot() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(Kind.POSTGRES, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 600);
             SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
            scenario.registerOldTopology();
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
            List<String> seenDuringCopy = new ArrayList<>();
            AtomicBoolean looked = new AtomicBoolean();
            RunHooks hooks = RunHooks.approving().withListener(new ReshardingListener() {
                @Override
                public void progress(OperationProgress progress) {
                    if (progress.phase() == ReshardingPhase.COPYING && progress.steps().stream().anyMatch(s -> s.rowsCopied() > 0)
                            && looked.compareAndSet(false, true)) {
                        seenDuringCopy.addAll(objects(scenario.shard("shard-0")));
                    }
                }
            });
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options().withCapture(CaptureSetting.LOGICAL), hooks)
                    .orElseThrow();
            assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
            assertThat(outcome.state().captures().get("shard-0").reason()).contains("wal_level is logical");
            // During the copy the source has a slot and a publication, and no trigger and no changelog table.
            String slot = outcome.state().captures().get("shard-0").slot();
            assertThat(seenDuringCopy).contains("replication slot " + slot, "publication " + slot)
                    .noneMatch(o -> o.startsWith("trigger ") || o.contains("changelog"));
            scenario.snapshot().objects().values().forEach(objects -> assertThat(objects).noneMatch(o -> o.contains("reshard_")));
        }
    }

    @Test
    void aTruncateDuringTheCopyEmptiesTheMovingRangesOnTheTargets() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(Kind.POSTGRES, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 2_000);
             SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            ShardSpec source = scenario.shard("shard-1");
            // After the TRUNCATE the application writes every third row of shard-1 again, changed: those are all shard-1 holds.
            List<String> rewritten = new ArrayList<>();
            Map<String, String> expected = new TreeMap<>();
            before.rows().get("line_items").forEach((key, located) -> {
                ShardSnapshot.Located row = located.getFirst();
                if (!row.shard().equals("shard-1")) {
                    expected.put(key, row.row());
                } else if (Math.floorMod(key.hashCode(), 3) == 0) {
                    rewritten.add(key);
                }
            });
            CompletableFuture<Void> truncated = new CompletableFuture<>();
            AtomicBoolean started = new AtomicBoolean();
            RunHooks hooks = RunHooks.approving().withListener(new ReshardingListener() {
                @Override
                public void progress(OperationProgress progress) {
                    // Once some of shard-1's line items are on their new owner and others are not yet.
                    boolean midCopy = progress.steps().stream().anyMatch(s -> s.table().equals("line_items") && s.source().equals("shard-1")
                            && s.rowsCopied() > 0 && !s.copyDone());
                    if (progress.phase() == ReshardingPhase.COPYING && midCopy && started.compareAndSet(false, true)) {
                        // On another thread: the TRUNCATE waits for the copy's open read of the table, which waits for nothing here.
                        CompletableFuture.runAsync(() -> truncateAndRewrite(source, rewritten)).whenComplete((v, e) -> {
                            if (e != null) {
                                truncated.completeExceptionally(e);
                            } else {
                                truncated.complete(null);
                            }
                        });
                    }
                }
            });
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options().withBatchSize(100)
                    .withCapture(CaptureSetting.LOGICAL), hooks).orElseThrow();
            assertThat(started).as("the TRUNCATE ran while line_items were being copied").isTrue();
            truncated.get();
            assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
            ShardSnapshot after = scenario.snapshot();
            for (String key : rewritten) {
                assertThat(after.rows().get("line_items").get(key)).as(key).singleElement()
                        .satisfies(row -> assertThat(row.row()).contains("qty=999;"));
            }
            Map<String, String> untouched = new TreeMap<>();
            after.rows().get("line_items").forEach((key, located) -> {
                assertThat(located).as("copies of " + key).hasSize(1);
                if (!rewritten.contains(key)) {
                    untouched.put(key, located.getFirst().row());
                }
            });
            assertThat(untouched).isEqualTo(expected);
            assertThat(after.rows().get("orders").keySet()).isEqualTo(before.rows().get("orders").keySet());
        }
    }

    @Test
    void preflightRefusesToStartWhileAnotherOperationsSlotIsOnASource() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(Kind.POSTGRES, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 100);
             SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
            scenario.registerOldTopology();
            ShardSpec source = scenario.shard("shard-0");
            ShardFixture.execute(source, "SELECT pg_create_logical_replication_slot('reshard_earlier_op_shard_0', 'pgoutput')",
                    "CREATE PUBLICATION reshard_earlier_op_shard_0 FOR TABLE orders");
            ShardSnapshot before = scenario.snapshot();
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options(), RunHooks.approving()).orElseThrow();
            ReshardError error = ((ReshardingOutcome.Failed) outcome).error();
            assertThat(error.code()).isEqualTo(ErrorCode.PLAN_GENERATION_FAILED);
            assertThat(error.details()).anySatisfy(d -> assertThat(d).contains("shard shard-0", "replication slot reshard_earlier_op_shard_0",
                    "of WAL")).anySatisfy(d -> assertThat(d).contains("publication reshard_earlier_op_shard_0"));
            assertThat(scenario.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void forcedLogicalCaptureOnSqliteIsRefusedAtPreflight() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(Kind.SQLITE, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 50);
             SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options().withCapture(CaptureSetting.LOGICAL),
                    RunHooks.approving()).orElseThrow();
            ReshardError error = ((ReshardingOutcome.Failed) outcome).error();
            assertThat(error.code()).isEqualTo(ErrorCode.PLAN_GENERATION_FAILED);
            assertThat(error.details()).anySatisfy(d -> assertThat(d).contains("shard shard-0", "--capture logical needs PostgreSQL"));
        }
    }

    @Test
    void aSlotDroppedBehindTheOperationsBackStopsItAndRollbackCleansUp() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(Kind.POSTGRES, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 800)) {
            scenario.registerOldTopology();
            ShardSnapshot before = scenario.snapshot();
            try (ChildJvm child = ChildJvm.start(ResharderChild.class, List.of("-Dreshard.test.haltAt=copy.batch#2", "-Dreshard.test.capture=logical"),
                    scenario.stateFile().toString(), scenario.oldFile().toString(), scenario.newFile().toString(), "run", "100")) {
                child.awaitLine(line -> line.equals("halted at copy.batch#2"), Duration.ofSeconds(90));
                child.killHard();
            }
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingState active = store.listActive().orElseThrow().getFirst();
                String slot = active.captures().get("shard-0").slot();
                ShardFixture.execute(scenario.shard("shard-0"), "SELECT pg_drop_replication_slot('" + slot + "')");
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingOutcome resumed = orchestrator.resume(active.id(), RunHooks.approving()).orElseThrow();
                ReshardError error = ((ReshardingOutcome.Failed) resumed).error();
                assertThat(error.code()).isEqualTo(ErrorCode.COPY_FAILED);
                assertThat(error.message()).contains("replication slot " + slot, "shard shard-0", "roll back");
                ReshardingOutcome rolledBack = orchestrator.rollback(active.id(), RunHooks.approving()).orElseThrow();
                assertThat(rolledBack.state().phase()).isEqualTo(ReshardingPhase.ROLLED_BACK);
            }
            assertThat(scenario.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void sourcesOnOneServerShareItsFreeSlotsAndTheOneLeftWithoutUsesTriggers() throws Exception {
        try (org.reshard.testing.SecondPostgresServer server = org.reshard.testing.SecondPostgresServer.start("slots")) {
            // 8 slots on that server, 7 taken: one for the two sources.
            ShardSpec admin = new ShardSpec("admin", server.url("postgres"));
            for (int i = 0; i < 7; i++) {
                ShardFixture.execute(admin, "SELECT pg_create_logical_replication_slot('other_" + i + "', 'pgoutput')");
            }
            Map<String, ShardSpec> placed = Map.of(
                    "shard-0", new ShardSpec("shard-0", server.createDatabase("slots_s0"), null, null),
                    "shard-1", new ShardSpec("shard-1", server.createDatabase("slots_s1"), null, null));
            try (ReshardingScenario scenario = new ReshardingScenario(Kind.POSTGRES, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 300, placed, null);
                 SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                scenario.registerOldTopology();
                ShardSnapshot before = scenario.snapshot();
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
                ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingWorkflowTest.options(), RunHooks.approving()).orElseThrow();
                assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
                assertThat(outcome.state().captures().get("shard-0").method()).isEqualTo("logical");
                assertThat(outcome.state().captures().get("shard-1").method()).isEqualTo("triggers");
                assertThat(outcome.state().captures().get("shard-1").reason())
                        .contains("no replication slot left for this source", "max_replication_slots", "using triggers");
                scenario.assertExactlyOnceOnOwners(before, null);
                scenario.snapshot().objects().values().forEach(objects -> assertThat(objects).noneMatch(o -> o.contains("reshard_")));
            }
        }
    }

    private static void truncateAndRewrite(ShardSpec source, List<String> rewritten) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TEMP TABLE kept AS SELECT * FROM line_items");
        statements.add("TRUNCATE line_items");
        for (String key : rewritten) {
            // Keys look like "order_id=12,line_no=2".
            String[] parts = key.split(",");
            statements.add("INSERT INTO line_items SELECT account, order_id, line_no, sku, 999, price FROM kept WHERE order_id = "
                    + parts[0].substring("order_id=".length()) + " AND line_no = " + parts[1].substring("line_no=".length()));
        }
        ShardFixture.execute(source, statements.toArray(String[]::new));
    }

    private static List<String> objects(ShardSpec shard) {
        List<String> found = new ArrayList<>();
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT 'replication slot ' || slot_name FROM pg_replication_slots WHERE database = current_database()"
                        + " UNION ALL SELECT 'publication ' || pubname FROM pg_publication"
                        + " UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal"
                        + " UNION ALL SELECT 'table ' || relname FROM pg_class WHERE relname LIKE 'reshard%' AND relkind = 'r'")) {
            while (r.next()) {
                found.add(r.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
