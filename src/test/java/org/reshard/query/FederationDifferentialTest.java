package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * The differential suite of federated queries (issue 21): statements the streaming merge refuses — joins across
 * shards, subqueries, set operations, windows, CTEs, statistical aggregates — run through the federated engine
 * over three shards holding stray copies (as a resharding leaves them), and each must return exactly what one
 * PostgreSQL database holding every row once returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FederationDifferentialTest {

    private Path dir;
    private ShardFixture fixture;
    private PostgresTestDatabase oracleDatabase;
    private ShardSpec oracle;
    private ShardPools pools;
    private QueryEngine engine;

    abstract ShardFixture.Kind kind();

    abstract List<OracleCase> cases();

    /** Runs before any connection opens; a subclass sets the sessions' time zone here. */
    void beforeConnecting() {
    }

    @BeforeAll
    void loadTheShopEverywhere() throws Exception {
        beforeConnecting();
        dir = Files.createTempDirectory("reshard-federation");
        fixture = new ShardFixture(kind(), dir);
        List<ShardSpec> shards = List.of(fixture.shard("shard-0"), fixture.shard("shard-1"), fixture.shard("shard-2"));
        Path file = ShopData.writeTopology(dir.resolve("shop.json"), "shop", shards, "jdbc:sqlite:" + dir.resolve("registry.db"));
        Topology topology = new TopologyLoader().load(file).orElseThrow();
        ShopData data = ShopData.generate();
        data.loadShards(topology, kind() == ShardFixture.Kind.POSTGRES);
        oracleDatabase = PostgresTestDatabase.create("fedoracle");
        oracle = new ShardSpec("oracle", oracleDatabase.url() + "?user=" + PostgresTestDatabase.USER);
        data.loadOracle(oracle, shards.size());
        pools = new ShardPools(topology.shards());
        engine = new QueryEngine(topology, pools);
    }

    @AfterAll
    void dropEverything() {
        if (engine != null) {
            engine.close();
        }
        if (pools != null) {
            pools.close();
        }
        CompletableFuture<Void> shards = CompletableFuture.runAsync(() -> {
            if (fixture != null) {
                fixture.close();
            }
        });
        if (oracleDatabase != null) {
            oracleDatabase.close();
        }
        shards.join();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void federatedAnswerEqualsTheOracle(OracleCase query) throws Exception {
        Result<QueryResult> result = engine.execute(QueryRequest.of(query.sql()));

        assertThat(result).as("%s", result).isInstanceOf(Result.Ok.class);
        QueryResult answer = result.orElseThrow();
        assertThat(answer.mode()).as("the path that answered").isEqualTo(ResultMode.FEDERATED);
        assertThat(answer.partial()).isFalse();
        assertThat(answer.statements()).as("the shard statements").isNotEmpty();
        new OracleComparison(kind() == ShardFixture.Kind.POSTGRES).assertSame(query, answer, OracleComparison.ask(oracle, query.oracleSql()));
    }

    @org.junit.jupiter.api.Test
    void explainGivesEachShardItsOwnScansWithoutRunning() throws Exception {
        QueryExplain explain = engine.explain(QueryRequest.of("SELECT o.id, l.sku FROM orders o JOIN line_items l ON l.order_id = o.id WHERE l.qty = 5"))
                .orElseThrow();

        assertThat(explain.describePath()).isEqualTo("federated");
        assertThat(explain.statements()).hasSize(6);
        for (String shard : List.of("shard-0", "shard-1", "shard-2")) {
            assertThat(explain.statements().stream().filter(s -> s.shardId().equals(shard)).map(ShardStatement::sql).toList())
                    .as(shard).hasSize(2).anySatisfy(sql -> assertThat(sql).contains("\"qty\" = 5"));
        }
    }

    @org.junit.jupiter.api.Test
    void explainShowsRewrittenStatementsWithTheirFilterOnEveryShard() throws Exception {
        QueryExplain explain = engine.explain(QueryRequest.of("SELECT status, avg(quantity), stddev(total) FROM orders WHERE total > 100"
                + " GROUP BY status")).orElseThrow();

        assertThat(explain.describePath()).isEqualTo("federated");
        assertThat(explain.statements()).extracting(ShardStatement::shardId).containsExactlyInAnyOrder("shard-0", "shard-1", "shard-2");
        // AVG and STDDEV run in Calcite as PostgreSQL computes them; each shard filters its own rows (SQLite's literal reads 1.000E2).
        assertThat(explain.statements()).allSatisfy(s -> assertThat(s.sql()).containsPattern("\"total\"( AS DECIMAL\\(12, 2\\)\\))? > 1"));
    }

    List<String> refused() {
        return kind() == ShardFixture.Kind.POSTGRES ? FederatedQueries.concat(FederatedQueries.refused(), FederatedQueries.refusedOnPostgres())
                : FederatedQueries.concat(FederatedQueries.refused(), FederatedQueries.refusedOnSqlite());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void whatCannotBeAnsweredExactlyIsRefusedWithAReason(String sql) throws Exception {
        Result<QueryResult> result = engine.execute(QueryRequest.of(sql));

        assertThat(result).as("%s", result).isInstanceOf(Result.Failure.class);
        ReshardError error = ((Result.Failure<QueryResult>) result).error();
        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_UNSUPPORTED);
        assertThat(error.message()).contains("cannot be merged exactly across shards")
                .containsPattern("\\(and the federated engine cannot answer it exactly either: .{20,}\\)$");
    }

    QueryEngine engine() {
        return engine;
    }
}
