package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.RollbackStatus;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.testing.RealSchemaFixture;
import org.reshard.testing.RealSchemaWriter;
import org.reshard.testing.ShardFixture;

/**
 * Issue #17 on a DVD-rental-like PostgreSQL schema (foreign keys, last_update triggers, an enum, a domain,
 * serial ids, lookup tables), 1 → 2 shards with the schema and lookup rows deployed to the new shard first,
 * while an application writes: every run ends equal to the reference database, row text for row text,
 * with nothing of reshard's left.
 */
class RealSchemaTest {

    private static final int CUSTOMERS = 250;

    @TempDir
    Path dir;

    @Test
    void movesCustomersRentalsAndPaymentsAndCleansUpWhileAnApplicationWrites() throws Exception {
        try (RealSchemaFixture fixture = new RealSchemaFixture(dir, true, CUSTOMERS)) {
            fixture.registerOldTopology();
            RealSchemaWriter writer = fixture.startWriter(17);
            ReshardingOutcome outcome;
            try (SqliteStateStore store = SqliteStateStore.open(fixture.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                outcome = orchestrator.execute(plan(orchestrator, fixture), ReshardingWorkflowTest.options().withBatchSize(100),
                        RunHooks.approving()).orElseThrow();
            } finally {
                writer.stop();
            }
            assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
            // Only the notes on the serial keys, whose sequences the cutover advanced on shard-1.
            assertThat(outcome.state().warnings()).as("warnings").hasSize(3)
                    .allSatisfy(w -> assertThat(w).startsWith("note: table ").contains("takes its default from sequence"));
            assertThat(outcome.state().steps()).allSatisfy(step -> assertThat(step.verification().matches()).isTrue());
            assertThat(writer.anomalies()).isEmpty();
            assertThat(writer.acknowledged()).isGreaterThan(20);
            fixture.assertEqualsReference(fixture.newTopology());
            try (Connection c = ShardFixture.connect(fixture.shard("shard-1")); Statement s = c.createStatement();
                 var r = s.executeQuery("SELECT count(*) FROM rental")) {
                r.next();
                assertThat(r.getLong(1)).as("rentals moved to shard-1").isGreaterThan(100);
            }
        }
    }

    /**
     * A child JVM runs the operation and is killed with SIGKILL after a copy batch reached the target uncommitted
     * in its checkpoint; the resume here trims it (as a replica) and finishes, while the application writes.
     */
    @Test
    void resumeAfterSigkillMidCopyEndsEqualToTheReference() throws Exception {
        try (RealSchemaFixture fixture = new RealSchemaFixture(dir, true, 150)) {
            fixture.registerOldTopology();
            RealSchemaWriter writer = fixture.startWriter(99);
            try {
                String point = "copy.batch-written#2";
                try (org.reshard.testing.ChildJvm child = org.reshard.testing.ChildJvm.start(ResharderChild.class,
                        java.util.List.of("-Dreshard.test.haltAt=" + point), fixture.stateFile().toString(), fixture.oldFile().toString(),
                        fixture.newFile().toString(), "run", "100")) {
                    child.awaitLine(line -> line.equals("halted at " + point), java.time.Duration.ofSeconds(90));
                    child.killHard();
                }
                try (SqliteStateStore store = SqliteStateStore.open(fixture.stateFile()).orElseThrow()) {
                    var active = store.listActive().orElseThrow();
                    assertThat(active).hasSize(1);
                    ReshardingOutcome outcome = new ReshardingOrchestrator(store).resume(active.getFirst().id(), RunHooks.approving()).orElseThrow();
                    assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
                }
            } finally {
                writer.stop();
            }
            assertThat(writer.anomalies()).isEmpty();
            fixture.assertEqualsReference(fixture.newTopology());
        }
    }

    /** Where the operation is stopped before it is rolled back. */
    enum StopAt { COPYING, REPLICATING, VERIFYING, GATE }

    /**
     * One bed for all four rollbacks, one after the other while the application keeps writing: each must
     * leave the shards equal to the reference, which is where the next one starts.
     */
    @Test
    void rollbackFromCopyingReplicatingVerifyingAndTheGateRestoresTheReferenceWhileAnApplicationWrites() throws Exception {
        try (RealSchemaFixture fixture = new RealSchemaFixture(dir, true, CUSTOMERS);
             SqliteStateStore store = SqliteStateStore.open(fixture.stateFile()).orElseThrow()) {
            fixture.registerOldTopology();
            Map<String, String> targetObjects = objects(fixture.shard("shard-1"));
            Map<String, String> sourceObjects = objects(fixture.shard("shard-0"));
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            for (StopAt at : StopAt.values()) {
                RealSchemaWriter writer = fixture.startWriter(at.ordinal());
                try {
                    ReshardingOutcome stopped = orchestrator.execute(plan(orchestrator, fixture),
                            ReshardingWorkflowTest.options().withBatchSize(100), stopAt(at)).orElseThrow();
                    ReshardingPhase expected = switch (at) {
                        case COPYING -> ReshardingPhase.COPYING;
                        case REPLICATING -> ReshardingPhase.REPLICATING;
                        case VERIFYING -> ReshardingPhase.VERIFYING;
                        case GATE -> ReshardingPhase.CUTTING_OVER;
                    };
                    assertThat(stopped.state().phase()).as(at + ": " + stopped).isEqualTo(expected);
                    ReshardingOutcome rolledBack = orchestrator.rollback(stopped.state().id(), RunHooks.approving()).orElseThrow();
                    assertThat(rolledBack.state().phase()).as(at + ": " + rolledBack).isEqualTo(ReshardingPhase.ROLLED_BACK);
                    assertThat(rolledBack.state().rollback()).isEqualTo(RollbackStatus.DONE);
                    Thread.sleep(50);
                } finally {
                    writer.stop();
                }
                assertThat(writer.anomalies()).as(at.name()).isEmpty();
                assertThat(writer.acknowledged()).as(at.name()).isGreaterThan(5);
                fixture.assertEqualsReference(fixture.oldTopology());
                assertThat(objects(fixture.shard("shard-1"))).as(at.name()).isEqualTo(targetObjects);
                assertThat(objects(fixture.shard("shard-0"))).as(at.name()).isEqualTo(sourceObjects);
            }
        }
    }

    private static RunHooks stopAt(StopAt at) {
        OperationControl control = new OperationControl();
        ReshardingListener stopper = new ReshardingListener() {
            @Override
            public void phaseStarted(String id, ReshardingPhase phase) {
                if ((at == StopAt.REPLICATING && phase == ReshardingPhase.REPLICATING)
                        || (at == StopAt.VERIFYING && phase == ReshardingPhase.VERIFYING)) {
                    control.requestStop("test stops in " + phase.label());
                }
            }

            @Override
            public void progress(OperationProgress progress) {
                if (at == StopAt.COPYING && progress.phase() == ReshardingPhase.COPYING
                        && progress.steps().stream().anyMatch(s -> s.rowsCopied() > 0)) {
                    control.requestStop("test stops mid-copy");
                }
            }
        };
        return new RunHooks(stopper, at == StopAt.GATE ? CutoverGate.deferAlways("no terminal") : CutoverGate.approveAlways(), control);
    }

    @Test
    void aForeignKeyBetweenShardedTablesThatIsNotOnTheShardKeyIsRefused() throws Exception {
        try (RealSchemaFixture fixture = new RealSchemaFixture(dir, false, 50);
             SqliteStateStore store = SqliteStateStore.open(fixture.stateFile()).orElseThrow()) {
            fixture.registerOldTopology();
            Map<String, String> before = objects(fixture.shard("shard-0"));
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingOutcome outcome = orchestrator.execute(plan(orchestrator, fixture), ReshardingWorkflowTest.options(),
                    RunHooks.approving()).orElseThrow();
            ReshardError error = failed(outcome);
            assertThat(error.details()).singleElement().asString().contains("payment_rental_fkey", "payment (rental_id) → rental (rental_id)",
                    "payment.customer_id does not reference rental.customer_id", "cannot hold across shards");
            assertThat(objects(fixture.shard("shard-0"))).isEqualTo(before);
            fixture.assertEqualsReference(fixture.oldTopology());
        }
    }

    @Test
    void aRoleThatMayNotSetTheReplicationRoleIsRefusedWithTheGrantAndWorksOnceGranted() throws Exception {
        String role = "reshard_fk_" + UUID.randomUUID().toString().substring(0, 8);
        admin("CREATE ROLE " + role + " LOGIN");
        try {
            try (RealSchemaFixture fixture = new RealSchemaFixture(dir, true, 60, role);
                 SqliteStateStore store = SqliteStateStore.open(fixture.stateFile()).orElseThrow()) {
                for (var shard : fixture.shards()) {
                    ShardFixture.execute(shard, "GRANT CREATE, USAGE ON SCHEMA public TO " + role,
                            "GRANT SELECT, INSERT, UPDATE, DELETE, TRIGGER ON ALL TABLES IN SCHEMA public TO " + role,
                            "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + role,
                            "ALTER TABLE customer OWNER TO " + role, "ALTER TABLE rental OWNER TO " + role, "ALTER TABLE payment OWNER TO " + role);
                }
                fixture.registerOldTopology();
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
                ReshardingOutcome outcome = orchestrator.execute(plan(orchestrator, fixture), ReshardingWorkflowTest.options(),
                        RunHooks.approving()).orElseThrow();
                ReshardError error = failed(outcome);
                assertThat(error.details()).hasSize(2).allSatisfy(d -> assertThat(d)
                        .contains("may not set session_replication_role", "GRANT SET ON PARAMETER session_replication_role TO " + role));
                assertThat(error.details()).anySatisfy(d -> assertThat(d).contains("run on shard shard-0:"))
                        .anySatisfy(d -> assertThat(d).contains("run on shard shard-1:"));
                fixture.assertEqualsReference(fixture.oldTopology());

                ReshardingOutcome rolledBack = orchestrator.rollback(outcome.state().id(), RunHooks.approving()).orElseThrow();
                assertThat(rolledBack.state().phase()).as(String.valueOf(rolledBack)).isEqualTo(ReshardingPhase.ROLLED_BACK);
                admin("GRANT SET ON PARAMETER session_replication_role TO " + role);
                ReshardingOutcome granted = orchestrator.execute(plan(orchestrator, fixture), ReshardingWorkflowTest.options(),
                        RunHooks.approving()).orElseThrow();
                assertThat(granted.state().phase()).as(String.valueOf(granted)).isEqualTo(ReshardingPhase.COMPLETED);
                fixture.assertEqualsReference(fixture.newTopology());
            }
        } finally {
            admin("REVOKE SET ON PARAMETER session_replication_role FROM " + role);
            admin("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void lookupRowsMissingOnTheNewShardAreAWarningWithTheCounts() throws Exception {
        try (RealSchemaFixture fixture = new RealSchemaFixture(dir, true, 40);
             SqliteStateStore store = SqliteStateStore.open(fixture.stateFile()).orElseThrow()) {
            fixture.registerOldTopology();
            ShardFixture.execute(fixture.shard("shard-1"), "DELETE FROM film WHERE film_id > 30", "DROP TABLE store CASCADE");
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingOutcome outcome = orchestrator.execute(plan(orchestrator, fixture), ReshardingWorkflowTest.options(),
                    RunHooks.approving()).orElseThrow();
            assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
            assertThat(outcome.state().warnings().stream().filter(w -> !w.startsWith("note: ")).toList()).hasSize(2)
                    .anySatisfy(w -> assertThat(w).contains("table film", "rental_film_id_fkey from rental", "30 rows on target shard shard-1",
                            "40 on shard shard-0"))
                    .anySatisfy(w -> assertThat(w).contains("table store", "customer_store_id_fkey from customer", "a reference table",
                            "does not exist on target shard shard-1", "shard shard-0 has 2 rows"));
        }
    }

    private static ReshardingPlan plan(ReshardingOrchestrator orchestrator, RealSchemaFixture fixture) {
        return orchestrator.plan(new ReshardingRequest(fixture.oldTopology(), fixture.newTopology())).orElseThrow();
    }

    private static ReshardError failed(ReshardingOutcome outcome) {
        assertThat(outcome).isInstanceOf(ReshardingOutcome.Failed.class);
        ReshardError error = ((ReshardingOutcome.Failed) outcome).error();
        assertThat(error.code()).as(error.describe()).isEqualTo(ErrorCode.PLAN_GENERATION_FAILED);
        return error;
    }

    /** Tables, indexes, triggers, functions, types of a shard, with their definitions where they have one. */
    private static Map<String, String> objects(org.reshard.topology.ShardSpec shard) throws Exception {
        Map<String, String> found = new TreeMap<>();
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT 'relation ' || relname, relkind::text FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                     + " UNION ALL SELECT 'trigger ' || tgname || ' on ' || tgrelid::regclass::text, tgenabled::text FROM pg_trigger"
                     + " UNION ALL SELECT 'function ' || proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
                     + " UNION ALL SELECT 'constraint ' || conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace")) {
            while (r.next()) {
                found.put(r.getString(1), r.getString(2));
            }
        }
        return found;
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresTestDatabase.SERVER + "postgres", PostgresTestDatabase.USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
