package org.reshard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.cli.ReshardCommand;
import org.reshard.plan.CopyRate;
import org.reshard.plan.PlanEstimate;
import org.reshard.plan.PlanJson;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.ReshardingStateStore;
import org.reshard.state.SourceCaptureState;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.OrdersTopologyFile;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import picocli.CommandLine;

/**
 * Health and replication slots on the real server: a {@code reshard_} slot made by hand on a shard of an operation, that
 * no active operation owns, is Unhealthy with its retained WAL; the slot an active operation recorded is not.
 */
class OrphanSlotHealthTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private PostgresTestDatabase database;
    private Topology oldTopology;
    private Topology newTopology;
    // Slot names are per server: a random part keeps concurrent test runs apart.
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String orphan = "reshard_orphan_x_" + suffix;
    private final String owned = "reshard_owned_" + suffix;

    @BeforeEach
    void shards() {
        database = PostgresTestDatabase.create("orphan");
        database.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, note text)");
        ShardSpec shard0 = new ShardSpec("shard-0", database.url() + "?user=" + PostgresTestDatabase.USER, null, null);
        ShardSpec shard1 = new ShardSpec("shard-1", "jdbc:sqlite:" + dir.resolve("shard-1.db"), null, null);
        TopologyLoader loader = new TopologyLoader();
        oldTopology = loader.load(OrdersTopologyFile.write(dir.resolve("old.json"), "orders-old", List.of(shard0))).orElseThrow();
        newTopology = loader.load(OrdersTopologyFile.write(dir.resolve("new.json"), "orders-new", List.of(shard0, shard1))).orElseThrow();
    }

    @AfterEach
    void drop() {
        // Drops the slots of the database too: DROP DATABASE refuses while one exists.
        database.close();
    }

    @Test
    void aSlotNoActiveOperationOwnsIsUnhealthyWithItsRetainedWalAndTheFix() throws Exception {
        Path file = dir.resolve("state.db");
        try (SqliteStateStore store = SqliteStateStore.open(file).orElseThrow()) {
            // A finished operation whose slot survived it (a crash inside cleanup), and one in progress that owns its slot.
            save(store, operation("rs-finished", orphan).edit().interruptTo(ReshardingPhase.COMPLETED, Instant.now()).build());
            save(store, operation("rs-running", owned).edit().advanceTo(ReshardingPhase.COPYING, Instant.now()).build());
            database.execute("SELECT pg_create_logical_replication_slot('" + orphan + "', 'pgoutput')",
                    "SELECT pg_create_logical_replication_slot('" + owned + "', 'pgoutput')",
                    // WAL written after the slots: what they hold back from now on.
                    "INSERT INTO orders SELECT g, g % 97, repeat('x', 200) FROM generate_series(1, 5000) g");

            HealthReport report = new ReshardingHealthCheck(store, Duration.ofHours(2), Duration.ofSeconds(30), Clock.systemUTC()).check();

            assertThat(report.status()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(report.description()).contains("replication slot " + orphan + " holds ", " bytes) of WAL on shard shard-0", "127.0.0.1:5432",
                    "database " + database.name(), "(left by operation rs-finished, Completed)",
                    "SELECT pg_drop_replication_slot('" + orphan + "')").doesNotContain(owned);
            List<?> orphans = (List<?>) report.data().get("orphanSlots");
            assertThat(orphans).hasSize(1);
            Map<?, ?> found = (Map<?, ?>) orphans.getFirst();
            assertThat(found.get("slot")).isEqualTo(orphan);
            assertThat(found.get("shard")).isEqualTo("shard-0");
            assertThat(found.get("database")).isEqualTo(database.name());
            assertThat((Long) found.get("retainedBytes")).isGreaterThan(100_000L);
        }

        StringWriter out = new StringWriter();
        CommandLine cli = ReshardCommand.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        assertThat(cli.execute("health", "--state", file.toString(), "--json")).isEqualTo(2);
        JsonNode json = MAPPER.readTree(out.toString());
        assertThat(json.get("status").asText()).isEqualTo("Unhealthy");
        JsonNode slot = json.get("data").get("orphanSlots").get(0);
        assertThat(slot.get("slot").asText()).isEqualTo(orphan);
        assertThat(slot.get("retainedBytes").asLong()).isPositive();
        assertThat(slot.get("fix").asText()).contains("pg_drop_replication_slot('" + orphan + "')");
        assertThat(slot.get("leftBy").asText()).isEqualTo("operation rs-finished, Completed");
    }

    @Test
    void theSlotAnActiveOperationRecordedIsNotReportedAndNeitherIsOneInADatabaseNoOperationNames() throws Exception {
        try (PostgresTestDatabase elsewhere = PostgresTestDatabase.create("orphanelsewhere");
             SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db")).orElseThrow()) {
            save(store, operation("rs-running", owned).edit().advanceTo(ReshardingPhase.REPLICATING, Instant.now()).build());
            database.execute("SELECT pg_create_logical_replication_slot('" + owned + "', 'pgoutput')");
            // Perhaps another state file's operation: reshard never calls a slot it cannot account for an orphan.
            elsewhere.execute("SELECT pg_create_logical_replication_slot('" + orphan + "', 'pgoutput')");

            HealthReport report = new ReshardingHealthCheck(store, Duration.ofHours(2), Duration.ofSeconds(30), Clock.systemUTC()).check();

            assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat((List<?>) report.data().get("orphanSlots")).isEmpty();
            assertThat(report.description()).doesNotContain(owned, orphan);
        }
    }

    @Test
    void theConsoleLooksOnTheShardsOfItsLoadedTopologiesToo() {
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db")).orElseThrow()) {
            database.execute("SELECT pg_create_logical_replication_slot('" + orphan + "', 'pgoutput')");
            HealthReport withoutTopologies = new ReshardingHealthCheck(store, Duration.ofHours(2), Duration.ofSeconds(30), Clock.systemUTC()).check();
            assertThat(withoutTopologies.status()).isEqualTo(HealthStatus.HEALTHY);

            HealthReport loaded = new ReshardingHealthCheck(store, Duration.ofHours(2), Duration.ofSeconds(30), Clock.systemUTC(),
                    List.of(oldTopology, newTopology)).check();
            assertThat(loaded.status()).isEqualTo(HealthStatus.UNHEALTHY);
            // No operation recorded it: perhaps a crashed run of another state file, whose rollback would drop it.
            assertThat(loaded.description()).contains(orphan, "shard-0", "SELECT pg_drop_replication_slot('" + orphan + "')",
                    "or roll back the operation that created it");
        }
    }

    /** An operation from old to new whose shard-0 captures with logical decoding through {@code slot}. */
    private ReshardingState operation(String id, String slot) {
        ReshardingPlan plan = new ReshardingPlan(id, Instant.now(), oldTopology, newTopology, List.of("orders"), List.of(),
                new PlanEstimate(0, 0, Duration.ofSeconds(1), 0.5, CopyRate.ASSUMED));
        return ReshardingState.start(id, PlanJson.toJson(plan), MAPPER.createObjectNode(), 0, Instant.now()).edit()
                .capture("shard-0", new SourceCaptureState("logical", "wal_level is logical", slot, true, 0)).build();
    }

    private static void save(ReshardingStateStore store, ReshardingState state) {
        store.save(state, ReshardingStateStore.Durability.PHASE_TRANSITION).orElseThrow();
    }
}
