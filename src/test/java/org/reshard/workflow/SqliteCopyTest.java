package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * SQLite copies move rows inside SQLite (the source attached to the target), and take each batch's last key
 * from the last inserted row id; a WITHOUT ROWID table has none, so its keys come from the source instead.
 * Both kinds, with a text key over many small batches, must arrive complete and exactly once.
 */
class SqliteCopyTest {

    private static final int ROWS = 300;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "table{0}")
    @ValueSource(strings = {" with rowid", " WITHOUT ROWID"})
    void aTextKeyedTableMovesCompletelyInManyBatches(String tableKind) throws Exception {
        ShardFixture shards = new ShardFixture(ShardFixture.Kind.SQLITE, dir);
        ShardSpec s0 = shards.shard("s0");
        ShardSpec s1 = shards.shard("s1");
        String create = "CREATE TABLE parts (code TEXT NOT NULL, bin INTEGER NOT NULL, tenant TEXT NOT NULL, qty INTEGER,"
                + " PRIMARY KEY (code, bin))" + (tableKind.equals(" WITHOUT ROWID") ? tableKind : "");
        ShardFixture.execute(s0, create);
        try (Connection c = ShardFixture.connect(s0); PreparedStatement s = c.prepareStatement("INSERT INTO parts VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                s.setString(1, "part-" + (i % 97) + "-ü");
                s.setInt(2, i);
                s.setString(3, "tenant-" + i % 41);
                s.setInt(4, i * 3);
                s.addBatch();
            }
            s.executeBatch();
        }
        Topology from = topology("old", List.of(s0));
        Topology to = topology("new", List.of(s0, s1));
        List<String> before = rows(s0, "");
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db")).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(from, to)).orElseThrow();
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingOptions.DEFAULTS.withBatchSize(7)
                    .withRetention(Duration.ZERO), RunHooks.approving()).orElseThrow();
            assertThat(outcome.state().phase()).as(String.valueOf(outcome)).isEqualTo(ReshardingPhase.COMPLETED);
        }
        List<String> moved = rows(s1, "");
        List<String> kept = rows(s0, "");
        assertThat(moved).isNotEmpty().allSatisfy(row -> assertThat(to.ownerOf(row.split("\\|")[2])).isEqualTo("s1"));
        assertThat(kept).isNotEmpty().allSatisfy(row -> assertThat(to.ownerOf(row.split("\\|")[2])).isEqualTo("s0"));
        List<String> after = new ArrayList<>(moved);
        after.addAll(kept);
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
        assertThat(rows(s1, "SELECT count(*) FROM sqlite_master WHERE name = 'parts' AND sql LIKE '%WITHOUT ROWID%'"))
                .containsExactly(tableKind.equals(" WITHOUT ROWID") ? "1" : "0");
    }

    private Topology topology(String name, List<ShardSpec> shards) throws Exception {
        StringBuilder list = new StringBuilder();
        for (ShardSpec s : shards) {
            list.append(list.isEmpty() ? "" : ", ").append("{\"id\": \"").append(s.id()).append("\", \"url\": \"").append(s.url()).append("\"}");
        }
        Path file = Files.writeString(dir.resolve(name + ".json"), "{\"name\": \"" + name + "\", \"registry\": \"jdbc:sqlite:"
                + dir.resolve("registry.db") + "\", \"routing\": {\"strategy\": \"hash-range\", \"ranges\": \"equal\"}, \"shards\": [" + list
                + "], \"tables\": [{\"name\": \"parts\", \"shardKey\": \"tenant\", \"primaryKey\": [\"code\", \"bin\"]}]}");
        return new TopologyLoader().load(file).orElseThrow();
    }

    /** Every row as "code|bin|tenant|qty", or the rows of {@code sql} when given. */
    private static List<String> rows(ShardSpec shard, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql.isEmpty() ? "SELECT code, bin, tenant, qty FROM parts" : sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(r.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
