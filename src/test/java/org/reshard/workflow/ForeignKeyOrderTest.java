package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.plan.ReshardingRequest;
import org.reshard.shard.ForeignKey;
import org.reshard.shard.SqliteDialect;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/** The order of tables by foreign keys, the keys as SQLite reports them, and a SQLite move of parent and child tables. */
class ForeignKeyOrderTest {

    @TempDir
    Path dir;

    @Test
    void parentsComeFirstAndACycleKeepsTheOperationsOrderAfterWhatItDependsOn() {
        List<ForeignKey> keys = List.of(
                new ForeignKey("payment_rental", "payment", List.of("rental_id"), "rental", List.of("rental_id")),
                new ForeignKey("rental_customer", "rental", List.of("customer_id"), "customer", List.of("customer_id")),
                new ForeignKey("customer_store", "customer", List.of("store_id"), "store", List.of("store_id")),
                new ForeignKey("staff_manager", "staff", List.of("manager_id"), "staff", List.of("staff_id")),
                new ForeignKey("a_b", "a", List.of("b_id"), "b", List.of("b_id")),
                new ForeignKey("b_a", "b", List.of("a_id"), "a", List.of("a_id")),
                new ForeignKey("a_customer", "a", List.of("customer_id"), "customer", List.of("customer_id")));
        TableOrder order = TableOrder.of(List.of("payment", "b", "rental", "a", "staff", "customer"), keys);
        assertThat(order.parentsFirst()).containsExactly("staff", "customer", "rental", "payment", "b", "a");
        assertThat(order.childrenFirst()).containsExactly("a", "b", "payment", "rental", "customer", "staff");
        assertThat(order.inCycles()).isEqualTo(Set.of("a", "b"));
        assertThat(TableOrder.of(List.of("x", "y"), List.of()).parentsFirst()).containsExactly("x", "y");
    }

    @Test
    void sqliteForeignKeysComeFromPragmaForeignKeyList() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("fk.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE Customer (customer_id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer)");
            s.execute("CREATE TABLE payment (payment_id INTEGER PRIMARY KEY, customer_id INTEGER, rental_id INTEGER,"
                    + " FOREIGN KEY (customer_id, rental_id) REFERENCES rental (customer_id, rental_id))");
            s.execute("CREATE TABLE film (film_id INTEGER PRIMARY KEY)");
            assertThat(SqliteDialect.INSTANCE.foreignKeys(c, List.of("customer", "rental", "payment"))).containsExactlyInAnyOrder(
                    new ForeignKey("payment_fkey0", "payment", List.of("customer_id", "rental_id"), "rental", List.of("customer_id", "rental_id")),
                    new ForeignKey("rental_fkey0", "rental", List.of("customer_id"), "customer", List.of("customer_id")));
        }
    }

    /**
     * SQLite, 1 → 2 shards, rental referencing customer: reshard's connections write without foreign-key checks
     * and in foreign-key order, and every shard ends with {@code PRAGMA foreign_key_check} clean.
     */
    @Test
    void sqliteParentAndChildTablesMoveAndEndWithoutViolations() throws Exception {
        for (String shard : List.of("s0", "s1")) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(shard + ".db")); Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
                s.execute("CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer (customer_id),"
                        + " film TEXT)");
                if (shard.equals("s0")) {
                    s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                            + " INSERT INTO customer SELECT i, 'c' || i FROM n");
                    s.execute("INSERT INTO rental SELECT customer_id * 10 + j, customer_id, 'f' || j FROM customer,"
                            + " (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3)");
                }
            }
        }
        Path oldFile = topology("old.json", "fk-old", List.of("s0"), "");
        Path newFile = topology("new.json", "fk-new", List.of("s0", "s1"), "");
        TopologyLoader loader = new TopologyLoader();
        Topology from = loader.load(oldFile).orElseThrow();
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db")).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingOutcome outcome = orchestrator.execute(orchestrator.plan(new ReshardingRequest(from, loader.load(newFile).orElseThrow()))
                    .orElseThrow(), ReshardingWorkflowTest.options().withBatchSize(50), RunHooks.approving()).orElseThrow();
            assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
        }
        long customers = 0;
        long rentals = 0;
        for (String shard : List.of("s0", "s1")) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(shard + ".db")); Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
                    assertThat(r.next()).as("foreign key violations on " + shard).isFalse();
                }
                try (ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM rental)")) {
                    r.next();
                    assertThat(r.getLong(1)).as(shard).isBetween(100L, 200L);
                    customers += r.getLong(1);
                    rentals += r.getLong(2);
                }
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name LIKE 'reshard%'")) {
                    r.next();
                    assertThat(r.getLong(1)).isZero();
                }
            }
        }
        assertThat(customers).isEqualTo(300);
        assertThat(rentals).isEqualTo(900);
    }

    private Path topology(String file, String name, List<String> shards, String urlSuffix) throws Exception {
        StringBuilder members = new StringBuilder();
        for (String shard : shards) {
            members.append(members.isEmpty() ? "" : ", ").append("{\"id\": \"").append(shard).append("\", \"url\": \"jdbc:sqlite:")
                    .append(dir.resolve(shard + ".db")).append(urlSuffix).append("\"}");
        }
        String json = """
                {"name": "%s", "registry": "jdbc:sqlite:%s",
                 "routing": {"strategy": "hash-range", "ranges": "equal"},
                 "shards": [%s],
                 "tables": [{"name": "customer", "shardKey": "customer_id", "primaryKey": ["customer_id"]},
                            {"name": "rental", "shardKey": "customer_id", "primaryKey": ["rental_id"]}]}
                """.formatted(name, dir.resolve("registry.db"), members);
        Path path = dir.resolve(file);
        Files.writeString(path, json);
        return path;
    }
}
