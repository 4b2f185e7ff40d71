package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;

/**
 * The executor against a real PostgreSQL server: timeouts that really cancel statements, caller
 * cancellation, bounded parallelism, read-only transactions, pagination and the listener hooks.
 * Table {@code naps} holds one row per shard: shard-0 sleeps 5 s in it, the others not at all;
 * {@code numbers} holds 1..120, 30 per shard.
 */
class PostgresExecutionTest {

    private static final String SLEEPERS = "SELECT shard FROM naps WHERE pg_sleep(seconds) IS NOT NULL";

    @TempDir
    static Path dir;

    private static QueryShards shards;

    @BeforeAll
    static void shards() {
        shards = new QueryShards(ShardFixture.Kind.POSTGRES, dir, 4, List.of());
        for (ShardSpec shard : shards.liveShards()) {
            double seconds = shard.id().equals("shard-0") ? 5 : 0;
            ShardFixture.execute(shard, "CREATE TABLE naps (shard text, seconds float8, short float8)",
                    "INSERT INTO naps VALUES ('" + shard.id() + "', " + seconds + ", 0.3)",
                    "CREATE SEQUENCE order_numbers",
                    "CREATE TABLE numbers (n bigint)",
                    "INSERT INTO numbers SELECT g FROM generate_series(" + (1 + 30 * index(shard)) + ", " + (30 + 30 * index(shard)) + ") g");
        }
    }

    @AfterAll
    static void close() {
        shards.close();
    }

    @Test
    void aTimedOutShardIsCancelledAndTheOthersStillAnswer() throws Exception {
        Result<QueryResult> result = shards.engine().execute(QueryRequest.of(SLEEPERS).withTimeout(Duration.ofMillis(500)));

        QueryResult partial = result.orElseThrow();
        assertThat(partial.partial()).isTrue();
        assertThat(partial.rows()).containsExactlyInAnyOrder(List.of("shard-1"), List.of("shard-2"), List.of("shard-3"));
        ShardReport slow = report(partial, "shard-0");
        assertThat(slow.error().code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(slow.error().message()).contains("shard-0").contains("500ms").contains("--timeout");
        assertThat(partial.failedShards()).hasSize(1);
        assertThat(activeSleeps("shard-0")).as("statements still running on shard-0").isZero();
    }

    @Test
    void aTimeoutFailsTheQueryWhenPartialResultsAreNotAllowed() throws Exception {
        Result<QueryResult> result = shards.engine().execute(
                QueryRequest.of("SELECT count(*) FROM naps WHERE pg_sleep(seconds) IS NOT NULL").withTimeout(Duration.ofMillis(400)).withPartialResults(false));

        ReshardError error = QueryRefusalTest.failure(result);
        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_PARTIAL_FAILURE);
        assertThat(error.cause().code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(error.details()).singleElement().asString().startsWith("shard-0: reshard.query.timeout");
        assertThat(activeSleeps("shard-0")).isZero();
    }

    @Test
    void cancellingStopsEveryShardsStatementPromptly() throws Exception {
        long start = System.nanoTime();
        RunningQuery running = shards.engine().start(QueryRequest.of("SELECT shard FROM naps WHERE pg_sleep(seconds * 6) IS NOT NULL"), QueryListener.NONE);
        Thread.sleep(300);
        assertThat(running.isDone()).isFalse();

        running.cancel();
        Result<QueryResult> result = running.await();

        assertThat(QueryRefusalTest.failure(result).code()).isEqualTo(ErrorCode.QUERY_CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 30 s sleep was interrupted").isLessThan(Duration.ofSeconds(20));
        assertThat(activeSleeps("shard-0")).isZero();
    }

    @Test
    void noMoreShardsRunAtOnceThanTheParallelismAllows() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        QueryListener listener = new QueryListener() {
            @Override
            public void shardStarted(String shardId) {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
            }

            @Override
            public void shardFinished(ShardReport report) {
                running.decrementAndGet();
            }
        };
        long start = System.nanoTime();

        Result<QueryResult> result = shards.engine().execute(
                QueryRequest.of("SELECT count(*) FROM naps WHERE pg_sleep(short) IS NOT NULL").withMaxParallelism(2), listener);

        assertThat(result.orElseThrow().rows()).containsExactly(List.of(4L));
        assertThat(most.get()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two rounds of 0.3 s").isGreaterThanOrEqualTo(Duration.ofMillis(550));
    }

    @Test
    void theListenerHearsEveryShardAndTheEnd() throws Exception {
        Map<String, ShardReport> finished = new ConcurrentHashMap<>();
        List<String> started = new CopyOnWriteArrayList<>();
        List<Result<QueryResult>> ends = new CopyOnWriteArrayList<>();
        QueryListener listener = new QueryListener() {
            @Override
            public void shardStarted(String shardId) {
                started.add(shardId);
            }

            @Override
            public void shardFinished(ShardReport report) {
                finished.put(report.shardId(), report);
            }

            @Override
            public void queryFinished(Result<QueryResult> result, Duration elapsed) {
                ends.add(result);
            }
        };

        Result<QueryResult> result = shards.engine().execute(QueryRequest.of("SELECT shard, short FROM naps ORDER BY shard"), listener);

        assertThat(started).containsExactlyInAnyOrder("shard-0", "shard-1", "shard-2", "shard-3");
        assertThat(finished.values()).allSatisfy(r -> {
            assertThat(r.rows()).isEqualTo(1);
            assertThat(r.failed()).isFalse();
        });
        assertThat(ends).containsExactly(result);
    }

    @Test
    void writesAreRefusedUntilUnlocked() throws Exception {
        for (String write : List.of("INSERT INTO naps VALUES ('new', 0, 0)", "UPDATE naps SET short = 1", "DELETE FROM naps")) {
            ReshardError error = QueryRefusalTest.failure(shards.engine().execute(QueryRequest.of(write)));
            assertThat(error.code()).isEqualTo(ErrorCode.QUERY_UNSUPPORTED);
            assertThat(error.message()).contains(write.split(" ")[0]).contains("read-only").contains("--allow-writes");
        }
        assertThat(count("SELECT count(*) FROM naps")).isEqualTo(4);
    }

    @Test
    void aSelectThatWritesFailsInTheReadOnlyTransaction() throws Exception {
        ReshardError error = QueryRefusalTest.failure(shards.engine().execute(QueryRequest.of("SELECT nextval('order_numbers') FROM naps")));

        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_FAILED);
        assertThat(error.message()).contains("read-only transaction").contains("--allow-writes");
    }

    @Test
    void unlockedWritesRunOnEveryShardAndCommit() throws Exception {
        QueryResult written = shards.engine().execute(
                QueryRequest.of("INSERT INTO naps VALUES ('extra', 0, 0)").withWritesAllowed(true)).orElseThrow();
        assertThat(written.mode()).isEqualTo(ResultMode.RAW);
        assertThat(written.rows()).containsExactlyInAnyOrder(
                List.of("shard-0", 1L), List.of("shard-1", 1L), List.of("shard-2", 1L), List.of("shard-3", 1L));

        QueryResult sequence = shards.engine().execute(QueryRequest.of("SELECT nextval('order_numbers') FROM naps WHERE shard = 'extra'")
                .withWritesAllowed(true)).orElseThrow();
        assertThat(sequence.rows()).hasSize(4);

        QueryResult deleted = shards.engine().execute(QueryRequest.of("DELETE FROM naps WHERE shard = 'extra'").withWritesAllowed(true)).orElseThrow();
        assertThat(deleted.rows()).allSatisfy(row -> assertThat(row.get(1)).isEqualTo(1L));
        assertThat(count("SELECT count(*) FROM naps")).isEqualTo(4);
    }

    @Test
    void pagesAreSlicesOfTheMergedOrderAndShardsFetchOnlyWhatThePageNeeds() throws Exception {
        String ordered = "SELECT n, n % 7 AS bucket FROM numbers ORDER BY bucket, n DESC";
        List<List<Object>> full = shards.engine().execute(QueryRequest.of(ordered)).orElseThrow().rows();
        QueryResult page = shards.engine().execute(QueryRequest.of(ordered).withPage(new Page(3, 7))).orElseThrow();

        assertThat(full).hasSize(120);
        assertThat(page.rows()).isEqualTo(full.subList(14, 21));
        assertThat(page.page()).contains(new Page(3, 7));
        // Each shard is asked for the first 3 pages (LIMIT 21) and stopped once the merge has the page.
        QueryPlan plan = StatementAnalyzer.analyse(QueryRequest.of(ordered).withPage(new Page(3, 7)), Semantics.POSTGRES, shards.topology())
                .orElseThrow().plan();
        assertThat(plan.shardSql()).endsWith("NULLS LAST, n DESC NULLS FIRST LIMIT 21");
        assertThat(page.shards()).allSatisfy(r -> assertThat(r.rows()).isLessThanOrEqualTo(21));
        assertThat(page.shards().stream().mapToLong(ShardReport::rows).sum()).as("rows the merge took").isGreaterThanOrEqualTo(21);
    }

    @Test
    void aPageWithinLimitAndOffset() throws Exception {
        String ordered = "SELECT n FROM numbers ORDER BY n LIMIT 10 OFFSET 5";
        QueryResult page = shards.engine().execute(QueryRequest.of(ordered).withPage(new Page(2, 4))).orElseThrow();
        QueryResult last = shards.engine().execute(QueryRequest.of(ordered).withPage(new Page(3, 4))).orElseThrow();

        assertThat(page.rows()).containsExactly(List.of(10L), List.of(11L), List.of(12L), List.of(13L));
        assertThat(last.rows()).as("the window ends at row 15").containsExactly(List.of(14L), List.of(15L));
    }

    @Test
    void unknownShardIdsAreRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> shards.engine().start(QueryRequest.of("SELECT 1 FROM naps").withShards(List.of("shard-9")), QueryListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard-9");
    }

    @Test
    void chosenShardsOnly() throws Exception {
        QueryResult result = shards.engine().execute(QueryRequest.of("SELECT shard FROM naps ORDER BY shard").withShards(List.of("shard-3", "shard-1"))).orElseThrow();

        assertThat(result.rows()).containsExactly(List.of("shard-1"), List.of("shard-3"));
        assertThat(result.shards()).extracting(ShardReport::shardId).containsExactly("shard-3", "shard-1");
    }

    private static int index(ShardSpec shard) {
        return Integer.parseInt(shard.id().substring("shard-".length()));
    }

    private static ShardReport report(QueryResult result, String shardId) {
        return result.shards().stream().filter(r -> r.shardId().equals(shardId)).findFirst().orElseThrow();
    }

    private static long activeSleeps(String shardId) throws Exception {
        ShardSpec shard = shards.topology().shard(shardId).orElseThrow();
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND state = 'active' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(String sql) throws Exception {
        return (Long) shards.engine().execute(QueryRequest.of(sql)).orElseThrow().rows().getFirst().getFirst();
    }
}
