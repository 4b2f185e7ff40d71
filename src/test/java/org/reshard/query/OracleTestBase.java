package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reshard.common.Result;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;

/**
 * The oracle test: the same orders live in one PostgreSQL database and, routed by the hash, on the
 * shards; every query must return through the engine exactly what the one database returns. For SQLite
 * shards the orders also live in one SQLite file, the oracle of the cases whose answer is SQLite's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OracleTestBase {

    static final int ORDERS = 4_000;

    private PostgresTestDatabase oracleDatabase;
    private ShardSpec oracle;
    private ShardSpec ownKindOracle;
    private QueryShards shards;
    private Path dir;

    abstract ShardFixture.Kind kind();

    abstract int shardCount();

    abstract List<OracleCase> cases();

    abstract OracleComparison comparison();

    @BeforeAll
    void loadTheSameOrdersEverywhere() throws Exception {
        dir = Files.createTempDirectory("reshard-oracle");
        List<OrdersData.Order> orders = OrdersData.generate(ORDERS, 7);
        oracleDatabase = PostgresTestDatabase.create("oracle");
        oracle = new ShardSpec("oracle", oracleDatabase.url() + "?user=" + PostgresTestDatabase.USER);
        ShardFixture.execute(oracle, OrdersData.POSTGRES_TABLE);
        OrdersData.insertAll(oracle, orders);
        ownKindOracle = oracle;
        if (kind() == ShardFixture.Kind.SQLITE) {
            ownKindOracle = new ShardSpec("sqlite-oracle", "jdbc:sqlite:" + dir.resolve("oracle.db"));
            ShardFixture.execute(ownKindOracle, OrdersData.SQLITE_TABLE);
            OrdersData.insertAll(ownKindOracle, orders);
        }
        shards = new QueryShards(kind(), dir, shardCount(), List.of());
        shards.executeOnEach(kind() == ShardFixture.Kind.POSTGRES ? OrdersData.POSTGRES_TABLE : OrdersData.SQLITE_TABLE);
        OrdersData.insertRouted(shards.topology(), orders);
    }

    @AfterAll
    void dropEverything() {
        if (shards != null) {
            shards.close();
        }
        if (oracleDatabase != null) {
            oracleDatabase.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergedResultEqualsTheOracle(OracleCase query) throws Exception {
        Result<QueryResult> result = shards.engine().execute(QueryRequest.of(query.sql()));

        assertThat(result).as("%s", result).isInstanceOf(Result.Ok.class);
        QueryResult merged = result.orElseThrow();
        assertThat(merged.partial()).as("%s", merged.shards()).isFalse();
        assertThat(merged.mode()).isEqualTo(ResultMode.MERGED);
        assertThat(merged.shards()).hasSize(shardCount()).allSatisfy(r -> assertThat(r.failed()).isFalse());
        comparison().assertSame(query, merged, OracleComparison.ask(query.ownKind() ? ownKindOracle : oracle, query.oracleSql()));
    }

    QueryShards shards() {
        return shards;
    }

    ShardSpec oracle() {
        return oracle;
    }
}
