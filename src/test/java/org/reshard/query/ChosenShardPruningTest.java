package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;

/** A shard-key equality under --shards that leaves out the key's owner: the chosen shards own none of its rows. */
class ChosenShardPruningTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ShardFixture.Kind.class)
    void strayCopiesOnAChosenShardThatDoesNotOwnTheKeyAreNotCounted(ShardFixture.Kind kind) throws Exception {
        try (QueryShards shards = new QueryShards(kind, dir, 3, List.of())) {
            shards.executeOnEach(kind == ShardFixture.Kind.POSTGRES ? OrdersData.POSTGRES_TABLE : OrdersData.SQLITE_TABLE);
            String owner = shards.topology().ownerOf("7");
            ShardSpec stray = shards.liveShards().stream().filter(s -> !s.id().equals(owner)).findFirst().orElseThrow();
            String insert = "INSERT INTO orders (id, customer_id, quantity, created_at) VALUES (1, 7, 3, '2025-01-01T00:00:00Z')";
            // The owner's row, and the copy a resharding left on another shard.
            ShardFixture.execute(shards.topology().shard(owner).orElseThrow(), insert);
            ShardFixture.execute(stray, insert);

            QueryResult rows = shards.engine().execute(QueryRequest.of("SELECT id FROM orders WHERE customer_id = 7")
                    .withShards(List.of(stray.id()))).orElseThrow();
            QueryResult count = shards.engine().execute(QueryRequest.of("SELECT count(*) FROM orders WHERE customer_id = 7")
                    .withShards(List.of(stray.id()))).orElseThrow();
            QueryResult withOwner = shards.engine().execute(QueryRequest.of("SELECT count(*) FROM orders WHERE customer_id = 7")
                    .withShards(List.of(stray.id(), owner))).orElseThrow();

            assertThat(rows.rows()).as("rows of customer 7 on %s, which does not own it", stray.id()).isEmpty();
            assertThat(count.rows()).containsExactly(List.of(0L));
            assertThat(withOwner.rows()).containsExactly(List.of(1L));
            assertThat(withOwner.scope().shards()).containsExactly(owner);
        }
    }
}
