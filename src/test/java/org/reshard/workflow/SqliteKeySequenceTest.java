package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * SQLite has no sequences to advance: an AUTOINCREMENT table's {@code sqlite_sequence} entry rises with every larger id
 * inserted (copied rows included), and a plain rowid continues after the largest present — so a default id on the
 * new shard never repeats a moved one.
 */
class SqliteKeySequenceTest {

    @TempDir
    Path dir;

    @Test
    void defaultIdsOnTheNewShardComeAfterTheMovedOnes() throws Exception {
        ShardFixture shards = new ShardFixture(ShardFixture.Kind.SQLITE, dir);
        ShardSpec s0 = shards.shard("s0");
        ShardSpec s1 = shards.shard("s1");
        ShardFixture.execute(s0, "CREATE TABLE ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, amount INTEGER)",
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, body TEXT)",
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 400)"
                        + " INSERT INTO ledger (tenant, amount) SELECT 'tenant-' || (n % 37), n FROM g",
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 400)"
                        + " INSERT INTO notes (tenant, body) SELECT 'tenant-' || (n % 37), 'note ' || n FROM g");
        Topology from = topology("old", List.of(s0));
        Topology to = topology("new", List.of(s0, s1));
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db")).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(from, to)).orElseThrow();
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingOptions.DEFAULTS.withBatchSize(50)
                    .withRetention(Duration.ZERO), RunHooks.approving()).orElseThrow();
            assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
        }
        long movedMax = value(s1, "SELECT max(id) FROM ledger");
        assertThat(movedMax).isGreaterThan(300);
        assertThat(value(s1, "SELECT seq FROM sqlite_sequence WHERE name = 'ledger'")).isEqualTo(movedMax);
        ShardFixture.execute(s1, "INSERT INTO ledger (tenant, amount) VALUES ('tenant-x', 1)",
                "INSERT INTO notes (tenant, body) VALUES ('tenant-x', 'new')");
        assertThat(value(s1, "SELECT id FROM ledger WHERE tenant = 'tenant-x'")).isEqualTo(movedMax + 1);
        assertThat(value(s1, "SELECT id FROM notes WHERE tenant = 'tenant-x'")).isGreaterThan(value(s1,
                "SELECT max(id) FROM notes WHERE tenant <> 'tenant-x'"));
    }

    private Topology topology(String name, List<ShardSpec> members) throws Exception {
        StringBuilder list = new StringBuilder();
        for (ShardSpec s : members) {
            list.append(list.isEmpty() ? "" : ", ").append("{\"id\": \"").append(s.id()).append("\", \"url\": \"").append(s.url()).append("\"}");
        }
        Path file = Files.writeString(dir.resolve(name + ".json"), "{\"name\": \"" + name + "\", \"registry\": \"jdbc:sqlite:"
                + dir.resolve("registry.db") + "\", \"routing\": {\"strategy\": \"hash-range\", \"ranges\": \"equal\"}, \"shards\": [" + list
                + "], \"tables\": [{\"name\": \"ledger\", \"shardKey\": \"tenant\", \"primaryKey\": [\"id\"]},"
                + " {\"name\": \"notes\", \"shardKey\": \"tenant\", \"primaryKey\": [\"id\"]}]}");
        return new TopologyLoader().load(file).orElseThrow();
    }

    private static long value(ShardSpec shard, String sql) throws Exception {
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
