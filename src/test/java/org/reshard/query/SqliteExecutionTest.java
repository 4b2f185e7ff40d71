package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.shard.ShardPools;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;

/**
 * The executor on SQLite shards: 200,000 rows per shard streamed through ORDER BY … LIMIT and a deep
 * OFFSET, read-only sessions that really reject writes and hand their connection back writable.
 */
class SqliteExecutionTest {

    private static final int ROWS_PER_SHARD = 200_000;

    @TempDir
    static Path dir;

    private static QueryShards shards;

    @BeforeAll
    static void shards() {
        shards = new QueryShards(ShardFixture.Kind.SQLITE, dir, 2, List.of());
        for (ShardSpec shard : shards.liveShards()) {
            int index = Integer.parseInt(shard.id().substring("shard-".length()));
            // id is unique across shards; v repeats (ties) and is spread over both shards.
            ShardFixture.execute(shard, "CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)",
                    "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " + ROWS_PER_SHARD + ")"
                            + " INSERT INTO big SELECT n * 2 + " + index + ", (n * 7919 + " + index + " * 13) % 50021 FROM seq");
        }
    }

    @AfterAll
    static void close() {
        shards.close();
    }

    @Test
    void orderByLimitOverLargeShards() throws Exception {
        QueryResult result = shards.engine().execute(QueryRequest.of("SELECT id, v FROM big ORDER BY v DESC, id LIMIT 10")).orElseThrow();

        assertThat(result.rows()).isEqualTo(expected(Comparator.<long[]>comparingLong(r -> -r[1]).thenComparingLong(r -> r[0]), 0, 10));
        assertThat(result.shards()).as("each shard is asked for 10 rows at most")
                .allSatisfy(r -> assertThat(r.rows()).isBetween(1L, 10L));
    }

    @Test
    void aDeepOffsetStreamsThroughTheMerge() throws Exception {
        QueryResult result = shards.engine().execute(
                QueryRequest.of("SELECT id, v FROM big ORDER BY v, id LIMIT 5 OFFSET 150000").withFetchSize(500)).orElseThrow();

        assertThat(result.rows()).isEqualTo(expected(Comparator.<long[]>comparingLong(r -> r[1]).thenComparingLong(r -> r[0]), 150_000, 5));
        long read = result.shards().stream().mapToLong(ShardReport::rows).sum();
        assertThat(read).as("rows read: the merge stops each shard once 150,005 rows are out").isLessThan(2L * 150_005 + 2 * 500 + 2);
    }

    @Test
    void anAggregateOverLargeShards() throws Exception {
        QueryResult result = shards.engine().execute(QueryRequest.of("SELECT count(*), count(DISTINCT v), max(id) FROM big")).orElseThrow();

        long distinct = rows().stream().mapToLong(r -> r[1]).distinct().count();
        assertThat(result.rows()).containsExactly(List.of(2L * ROWS_PER_SHARD, distinct, 2L * ROWS_PER_SHARD + 1));
    }

    @Test
    void writesAreRefusedUntilUnlocked() throws Exception {
        ReshardError error = QueryRefusalTest.failure(shards.engine().execute(QueryRequest.of("DELETE FROM big")));
        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_UNSUPPORTED);
        assertThat(error.message()).contains("DELETE").contains("--allow-writes");

        QueryResult inserted = shards.engine().execute(QueryRequest.of("INSERT INTO big VALUES (-1, -1)").withWritesAllowed(true)).orElseThrow();
        assertThat(inserted.rows()).containsExactlyInAnyOrder(List.of("shard-0", 1L), List.of("shard-1", 1L));
        QueryResult deleted = shards.engine().execute(QueryRequest.of("DELETE FROM big WHERE id = -1").withWritesAllowed(true)).orElseThrow();
        assertThat(deleted.rows()).allSatisfy(row -> assertThat(row.get(1)).isEqualTo(1L));
    }

    @Test
    void aReadOnlySessionRejectsWritesAndReturnsTheConnectionWritable() throws Exception {
        ShardSpec shard = shards.liveShards().getFirst();
        try (ShardPools pools = new ShardPools(List.of(shard))) {
            try (Connection connection = pools.connect(shard.id()).orElseThrow();
                 ShardSession session = ShardSession.open(pools, connection, shard, false);
                 Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO big VALUES (-2, -2)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("readonly");
                assertThat(session).isNotNull();
            }
            try (Connection connection = pools.connect(shard.id()).orElseThrow(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                assertThat(statement.executeUpdate("DELETE FROM big WHERE id = -2")).isZero();
            }
        }
    }

    private static List<List<Object>> expected(Comparator<long[]> order, int offset, int limit) throws SQLException {
        return rows().stream().sorted(order).skip(offset).limit(limit).map(r -> List.<Object>of(r[0], r[1])).toList();
    }

    private static List<long[]> rows() throws SQLException {
        List<long[]> rows = new ArrayList<>();
        for (ShardSpec shard : shards.liveShards()) {
            try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement(); var rs = s.executeQuery("SELECT id, v FROM big")) {
                while (rs.next()) {
                    rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        return rows;
    }
}
