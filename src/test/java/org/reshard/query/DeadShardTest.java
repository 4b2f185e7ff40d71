package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/** A shard whose database or file does not exist: partial results from the others, or a refusal when partial results are off. */
class DeadShardTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ShardFixture.Kind.class)
    void partialResultsListTheDeadShard(ShardFixture.Kind kind) throws Exception {
        try (QueryShards shards = withOrders(kind)) {
            QueryResult result = shards.engine().execute(QueryRequest.of("SELECT count(*), sum(quantity) FROM orders")).orElseThrow();

            assertThat(result.partial()).isTrue();
            assertThat(result.rows()).containsExactly(List.of(2L, 5L));
            ShardReport dead = result.failedShards().getFirst();
            assertThat(dead.shardId()).isEqualTo("dead-1");
            assertThat(dead.error().code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE);
            assertThat(dead.error().message()).contains("dead-1").contains("check");
            assertThat(result.shards()).filteredOn(r -> !r.failed()).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(ShardFixture.Kind.class)
    void noPartialTurnsADeadShardIntoAFailure(ShardFixture.Kind kind) throws Exception {
        try (QueryShards shards = withOrders(kind)) {
            ReshardError error = QueryRefusalTest.failure(shards.engine().execute(
                    QueryRequest.of("SELECT id FROM orders ORDER BY id").withPartialResults(false)));

            assertThat(error.code()).isEqualTo(ErrorCode.QUERY_PARTIAL_FAILURE);
            assertThat(error.message()).contains("1 of 3 shards failed");
            assertThat(error.details()).singleElement().asString().startsWith("dead-1: reshard.shard.unreachable");
        }
    }

    @ParameterizedTest
    @EnumSource(ShardFixture.Kind.class)
    void aFederatedQueryAnswersFromTheLiveShardsAndNamesTheDeadOne(ShardFixture.Kind kind) throws Exception {
        try (QueryShards shards = withOrders(kind)) {
            // A join off the shard key: the merge refuses it, so it runs federated.
            QueryResult result = shards.engine().execute(QueryRequest.of(
                    "SELECT a.id, b.quantity FROM orders a JOIN orders b ON b.id = a.id ORDER BY a.id")).orElseThrow();

            assertThat(result.mode()).isEqualTo(ResultMode.FEDERATED);
            assertThat(result.partial()).isTrue();
            assertThat(result.rows()).containsExactly(List.of(0L, 2L), List.of(1L, 3L));
            ShardReport dead = result.failedShards().getFirst();
            assertThat(dead.shardId()).isEqualTo("dead-1");
            assertThat(dead.error().code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE);
            assertThat(dead.error().message()).contains("dead-1").contains("check");
            assertThat(result.shards()).extracting(ShardReport::shardId).containsExactly("shard-0", "shard-1", "dead-1");
            assertThat(result.shards()).filteredOn(r -> !r.failed()).hasSize(2);
            assertThat(result.statements()).extracting(ShardStatement::shardId).doesNotContain("dead-1");
        }
    }

    @ParameterizedTest
    @EnumSource(ShardFixture.Kind.class)
    void noPartialTurnsADeadShardIntoAFailureOfAFederatedQuery(ShardFixture.Kind kind) throws Exception {
        try (QueryShards shards = withOrders(kind)) {
            ReshardError error = QueryRefusalTest.failure(shards.engine().execute(QueryRequest.of(
                    "SELECT a.id, b.quantity FROM orders a JOIN orders b ON b.id = a.id").withPartialResults(false)));

            assertThat(error.code()).isEqualTo(ErrorCode.QUERY_PARTIAL_FAILURE);
            assertThat(error.message()).contains("1 of 3 shards failed");
            assertThat(error.details()).singleElement().asString().startsWith("dead-1: reshard.shard.unreachable");
        }
    }

    @ParameterizedTest
    @EnumSource(ShardFixture.Kind.class)
    void referenceTableAloneIsReadFromTheNextShardWhenTheFirstIsDead(ShardFixture.Kind kind) throws Exception {
        try (ShardFixture fixture = new ShardFixture(kind, dir)) {
            List<ShardSpec> live = List.of(fixture.shard("shard-0"), fixture.shard("shard-1"));
            live.forEach(s -> ShardFixture.execute(s, "CREATE TABLE countries (code text PRIMARY KEY, name text)",
                    "INSERT INTO countries VALUES ('DE', 'Germany'), ('FR', 'France')"));
            ShardSpec dead = kind == ShardFixture.Kind.POSTGRES
                    ? new ShardSpec("dead-0", PostgresTestDatabase.SERVER + "reshard_test_missing_database?user=" + PostgresTestDatabase.USER)
                    : new ShardSpec("dead-0", "jdbc:sqlite:" + dir.resolve("missing-dead-0.db"));
            ObjectNode root = new ObjectMapper().createObjectNode().put("name", "dead-first").put("registry", "jdbc:sqlite:" + dir.resolve("registry.db"));
            root.putObject("routing").put("strategy", "hash-range").put("ranges", "equal");
            for (ShardSpec shard : List.of(dead, live.get(0), live.get(1))) {
                root.withArray("shards").addObject().put("id", shard.id()).put("url", shard.url());
            }
            root.putArray("tables").addObject().put("name", "orders").put("shardKey", "customer_id").putArray("primaryKey").add("id");
            root.putArray("referenceTables").addObject().put("name", "countries").putArray("primaryKey").add("code");
            Path file = Files.writeString(dir.resolve("dead-first.json"), root.toString());
            Topology topology = new TopologyLoader().load(file).orElseThrow();

            try (ShardPools pools = new ShardPools(topology.shards()); QueryEngine engine = new QueryEngine(topology, pools)) {
                Result<QueryResult> result = engine.execute(QueryRequest.of("SELECT code, name FROM countries ORDER BY code"));

                assertThat(result).as("%s", result).isInstanceOf(Result.Ok.class);
                QueryResult answer = result.orElseThrow();
                assertThat(answer.rows()).containsExactly(List.of("DE", "Germany"), List.of("FR", "France"));
                assertThat(answer.partial()).isFalse();
                assertThat(answer.scope().shards()).containsExactly("shard-0");
            }
        }
    }

    private QueryShards withOrders(ShardFixture.Kind kind) {
        QueryShards shards = new QueryShards(kind, dir, 2, List.of("dead-1"));
        String table = kind == ShardFixture.Kind.POSTGRES ? OrdersData.POSTGRES_TABLE : OrdersData.SQLITE_TABLE;
        for (var shard : shards.liveShards()) {
            String id = shard.id().substring("shard-".length());
            // A customer this shard owns, so the row counts under the ownership filter.
            int customer = 1;
            while (!shards.topology().ownerOf(String.valueOf(customer)).equals(shard.id())) {
                customer++;
            }
            ShardFixture.execute(shard, table, "INSERT INTO orders (id, customer_id, quantity, created_at) VALUES (" + id + ", " + customer + ", "
                    + (2 + Integer.parseInt(id)) + ", '2025-01-01T00:00:00Z')");
        }
        return shards;
    }
}
