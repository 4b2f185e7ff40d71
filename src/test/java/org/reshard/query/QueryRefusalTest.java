package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.testing.ShardFixture;

/** What cannot be merged exactly is refused with reshard.query.unsupported and a reason naming the construct. */
class QueryRefusalTest {

    @TempDir
    static Path dir;

    private static QueryShards shards;

    @BeforeAll
    static void shards() {
        shards = new QueryShards(ShardFixture.Kind.SQLITE, dir, 2, List.of());
        shards.executeOnEach(OrdersData.SQLITE_TABLE, "INSERT INTO orders VALUES (1, 1, 'paid', 'DE', 10, 1, '2025-01-01T00:00:00Z', NULL, NULL)");
    }

    @AfterAll
    static void close() {
        shards.close();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("SELECT o.id FROM orders o JOIN orders p ON o.id = p.id", "JOIN"),
                Arguments.of("SELECT o.id FROM orders o, orders p", "JOIN"),
                Arguments.of("SELECT id, row_number() OVER (ORDER BY id) FROM orders", "window function row_number()"),
                Arguments.of("SELECT id FROM orders UNION SELECT id FROM orders", "UNION"),
                Arguments.of("WITH t AS (SELECT id FROM orders) SELECT count(*) FROM t", "WITH"),
                Arguments.of("SELECT count(*) FROM (SELECT * FROM orders) s", "subquery in FROM"),
                Arguments.of("SELECT id FROM orders WHERE total > (SELECT avg(total) FROM orders)", "subquery"),
                Arguments.of("SELECT id FROM orders WHERE EXISTS (SELECT 1 FROM orders p WHERE p.id = 2)", "subquery"),
                Arguments.of("SELECT id FROM orders ORDER BY random() LIMIT 5", "random()"),
                Arguments.of("SELECT status, count(*) FROM orders GROUP BY status ORDER BY now()", "now()"),
                Arguments.of("SELECT string_agg(status, ',') FROM orders", "string_agg()"),
                Arguments.of("SELECT group_concat(status) FROM orders", "group_concat()"),
                Arguments.of("SELECT stddev(total) FROM orders", "stddev()"),
                Arguments.of("SELECT status, count(*) FROM orders GROUP BY country", "column status"),
                Arguments.of("SELECT country, max(total) FROM orders", "column country"),
                Arguments.of("SELECT DISTINCT ON (status) id FROM orders", "DISTINCT ON"),
                Arguments.of("SELECT 1", "without FROM"),
                Arguments.of("SELECT count(*) FILTER (WHERE total > 5) FROM orders", "FILTER"),
                Arguments.of("SELECT id FROM orders FETCH FIRST 3 ROWS ONLY", "FETCH FIRST"),
                Arguments.of("SELECT status, count(*) FROM orders GROUP BY ROLLUP (status)", "ROLLUP"),
                Arguments.of("SELECT DISTINCT status FROM orders ORDER BY id", "SELECT DISTINCT"),
                Arguments.of("SELECT substr(status, 1, count(*)) FROM orders GROUP BY status", "substr()"),
                Arguments.of("SELECT id FROM orders WHERE id = ?", "parameter"),
                Arguments.of("SELEC id FROM orders", "cannot parse"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedWithTheConstructNamed(String sql, String construct) throws Exception {
        // The streaming merge's own refusal; the engine then runs reads it refuses on the federated path (FederationDifferentialTest).
        Result<AnalyzedQuery> result = StatementAnalyzer.analyse(QueryRequest.of(sql), Semantics.of(shards.liveShards()), shards.topology());

        assertThat(result).as("%s", result).isInstanceOf(Result.Failure.class);
        ReshardError error = ((Result.Failure<AnalyzedQuery>) result).error();
        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_UNSUPPORTED);
        assertThat(error.message()).contains(construct).contains(" — ");
    }

    @Test
    void refusedQueryRunsAsRawRowsWhenAskedFor() throws Exception {
        Result<QueryResult> result = shards.engine().execute(
                QueryRequest.of("SELECT id, row_number() OVER (ORDER BY id) AS n FROM orders").withMode(ResultMode.RAW));

        QueryResult raw = result.orElseThrow();
        assertThat(raw.mode()).isEqualTo(ResultMode.RAW);
        assertThat(raw.columns().stream().map(ResultColumn::name)).containsExactly("shard", "id", "n");
        assertThat(raw.rows()).containsExactlyInAnyOrder(List.of("shard-0", 1L, 1L), List.of("shard-1", 1L, 1L));
    }

    @Test
    void sqlTheDatabaseRejectsFailsNamingTheShardAndTheDatabaseMessage() throws Exception {
        Result<QueryResult> result = shards.engine().execute(QueryRequest.of("SELECT no_such_column FROM orders"));

        ReshardError error = failure(result);
        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_FAILED);
        assertThat(error.message()).contains("shard-0").contains("no such column: no_such_column");
        assertThat(error.details()).anyMatch(d -> d.startsWith("shard-1: ")).hasSize(2);
    }

    static ReshardError failure(Result<QueryResult> result) {
        assertThat(result).as("%s", result).isInstanceOf(Result.Failure.class);
        return ((Result.Failure<QueryResult>) result).error();
    }
}
