package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * The federated path's limits against real PostgreSQL shards: a selective WHERE reaches every shard (EXPLAIN and the
 * statements run), the memory budget fails with reshard.query.too_large, timeout and cancel stop a shard statement
 * that waits on a lock in the server, and statements that change data are never federated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFederationLimitsTest {

    private static final String JOIN = "SELECT o.id, l.sku FROM orders o JOIN line_items l ON l.order_id = o.id";

    private ShardFixture fixture;
    private List<ShardSpec> shards;
    private ShardPools pools;
    private QueryEngine engine;

    @BeforeAll
    void loadTheShop() throws Exception {
        Path dir = Files.createTempDirectory("reshard-federation-limits");
        fixture = new ShardFixture(ShardFixture.Kind.POSTGRES, dir);
        shards = List.of(fixture.shard("shard-0"), fixture.shard("shard-1"), fixture.shard("shard-2"));
        Path file = ShopData.writeTopology(dir.resolve("shop.json"), "shop", shards, "jdbc:sqlite:" + dir.resolve("registry.db"));
        Topology topology = new TopologyLoader().load(file).orElseThrow();
        ShopData.generate().loadShards(topology, true);
        pools = new ShardPools(topology.shards());
        engine = new QueryEngine(topology, pools);
    }

    @AfterAll
    void dropEverything() {
        engine.close();
        pools.close();
        fixture.close();
    }

    @Test
    void aSelectiveWhereReachesEveryShard() throws Exception {
        String sql = JOIN + " WHERE o.total > 400 AND l.qty = 5";

        QueryExplain explain = engine.explain(QueryRequest.of(sql)).orElseThrow();
        QueryResult result = engine.execute(QueryRequest.of(sql)).orElseThrow();

        assertThat(explain.path()).isEqualTo(ResultMode.FEDERATED);
        assertThat(explain.describePath()).isEqualTo("federated");
        for (List<ShardStatement> statements : List.of(explain.statements(), result.statements())) {
            assertThat(statements).extracting(ShardStatement::shardId).containsOnly("shard-0", "shard-1", "shard-2");
            for (ShardSpec shard : shards) {
                List<String> sqls = statements.stream().filter(s -> s.shardId().equals(shard.id())).map(ShardStatement::sql).toList();
                assertThat(sqls).as("%s's statements", shard.id()).hasSize(2)
                        .anySatisfy(s -> assertThat(s).contains("\"orders\"").containsPattern("\"total\"[^>]*> 400").contains("int8multirange"))
                        .anySatisfy(s -> assertThat(s).contains("\"line_items\"").contains("\"qty\" = 5").contains("int8multirange"));
            }
        }
        assertThat(result.mode()).isEqualTo(ResultMode.FEDERATED);
    }

    @Test
    void theMergedPathExplainsItsOwnShardSql() throws Exception {
        QueryExplain explain = engine.explain(QueryRequest.of("SELECT count(*) FROM orders WHERE total > 400")).orElseThrow();

        assertThat(explain.describePath()).isEqualTo("merged on the fly");
        assertThat(explain.statements()).hasSize(3).allSatisfy(s -> assertThat(s.sql()).contains("total > 400").contains("int8multirange"));
    }

    @Test
    void aQueryOverItsMemoryBudgetFailsNamingWhatGrew() throws Exception {
        Result<QueryResult> result = engine.execute(QueryRequest.of(JOIN).withMemoryBytes(20_000));

        ReshardError error = ((Result.Failure<QueryResult>) result).error();
        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_TOO_LARGE);
        assertThat(error.message()).containsPattern("the rows read from shard shard-\\d for table (orders|line_items) grew");
    }

    @Test
    void theTimeoutStopsAShardStatementWaitingInTheServer() throws Exception {
        try (Connection locker = ShardFixture.connect(shards.get(1))) {
            lock(locker);
            long start = System.nanoTime();
            Result<QueryResult> result = engine.execute(QueryRequest.of(JOIN).withTimeout(Duration.ofSeconds(1)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(((Result.Failure<QueryResult>) result).error().code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
            assertThat(took).isLessThan(Duration.ofSeconds(6));
            assertThat(waitingStatements(locker)).as("statements still waiting on shard-1").isZero();
            locker.rollback();
        }
    }

    @Test
    void cancelStopsAShardStatementWaitingInTheServer() throws Exception {
        try (Connection locker = ShardFixture.connect(shards.get(1))) {
            lock(locker);
            RunningQuery running = engine.start(QueryRequest.of(JOIN).withTimeout(Duration.ofSeconds(30)), QueryListener.NONE);
            while (waitingStatements(locker) == 0) {
                Thread.sleep(50);
            }
            running.cancel();
            Result<QueryResult> result = running.await();

            assertThat(((Result.Failure<QueryResult>) result).error().code()).isEqualTo(ErrorCode.QUERY_CANCELLED);
            assertThat(waitingStatements(locker)).as("statements still waiting on shard-1").isZero();
            locker.rollback();
        }
    }

    /**
     * Each changes rows that exist if it runs anywhere: a WITH that deletes, updates or inserts under a SELECT, and writes
     * that join another table. The merge refuses them all (it merges neither writes nor WITH), so only the federated path
     * could take them — which must not, whether writes are locked or not.
     */
    @Test
    void statementsThatChangeDataAreNeverFederatedAndChangeNothingWhileReadOnly() throws Exception {
        List<String> selectsThatWrite = List.of(
                "WITH d AS (DELETE FROM orders WHERE total > 100 RETURNING id) SELECT count(*) FROM d",
                "WITH u AS (UPDATE orders SET total = total + 1 RETURNING id) SELECT count(*) FROM u JOIN line_items l ON l.order_id = u.id",
                "WITH i AS (INSERT INTO notes SELECT id + 1000000, 'copied' FROM notes RETURNING id) SELECT count(*) FROM i",
                "/* a comment */ ( WITH d AS (DELETE FROM line_items RETURNING order_id) SELECT count(*) FROM d );",
                "WITH d AS (DELETE FROM orders RETURNING id) SELECT id FROM d UNION SELECT order_id FROM line_items");
        List<String> writesThatJoin = List.of(
                "WITH x AS (SELECT id FROM orders WHERE total > 100) DELETE FROM line_items WHERE order_id IN (SELECT id FROM x)",
                "UPDATE orders o SET total = o.total + 1 FROM line_items l WHERE l.order_id = o.id",
                "DELETE FROM line_items l USING orders o WHERE l.order_id = o.id");
        List<Long> before = rowCounts();

        for (String sql : java.util.stream.Stream.concat(selectsThatWrite.stream(), writesThatJoin.stream()).toList()) {
            ReshardError refused = ((Result.Failure<QueryResult>) engine.execute(QueryRequest.of(sql))).error();
            ReshardError notExplained = ((Result.Failure<QueryExplain>) engine.explain(QueryRequest.of(sql))).error();

            for (ReshardError error : List.of(refused, notExplained)) {
                assertThat(error.message()).as(sql).contains("changes data; writes are locked").doesNotContain("federated");
            }
        }
        assertThat(((Result.Failure<QueryResult>) engine.execute(QueryRequest.of(writesThatJoin.getFirst()))).error().message())
                .as("named by what it does, not by its first word").startsWith("DELETE changes data");
        for (String sql : selectsThatWrite) {
            // Unlocked, the merge still refuses a WITH, and federation must not take it instead.
            ReshardError refused = ((Result.Failure<QueryResult>) engine.execute(QueryRequest.of(sql).withWritesAllowed(true))).error();

            assertThat(refused.message()).as(sql).startsWith("WITH (a common table expression) cannot be merged").doesNotContain("federated");
        }

        assertThat(rowCounts()).as("orders, line_items and notes on each shard, and orders' total").isEqualTo(before);
    }

    /** Per shard: the rows of orders, line_items and notes, and the sum of orders' totals in cents, read outside reshard. */
    private List<Long> rowCounts() throws Exception {
        List<Long> counts = new java.util.ArrayList<>();
        for (ShardSpec shard : shards) {
            try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM line_items), (SELECT count(*) FROM notes),"
                            + " (SELECT coalesce(sum(total), 0) * 100 FROM orders)::bigint")) {
                rs.next();
                for (int i = 1; i <= 4; i++) {
                    counts.add(rs.getLong(i));
                }
            }
        }
        return counts;
    }

    private static void lock(Connection locker) throws Exception {
        locker.setAutoCommit(false);
        try (Statement s = locker.createStatement()) {
            s.execute("LOCK TABLE orders, line_items IN ACCESS EXCLUSIVE MODE");
        }
    }

    /** Statements of other sessions on the locker's database that wait for a lock. */
    private static int waitingStatements(Connection locker) throws Exception {
        try (Statement s = locker.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
