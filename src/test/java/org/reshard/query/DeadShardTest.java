package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.testing.ShardFixture;

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
