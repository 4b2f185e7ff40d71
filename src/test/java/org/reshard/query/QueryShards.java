package org.reshard.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reshard.shard.ShardPools;
import org.reshard.testing.OrdersTopologyFile;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * Real shards for query tests — PostgreSQL databases or SQLite files — with a topology file routing
 * {@code orders} by {@code customer_id} over equal hash ranges, its pools and a query engine.
 * A "dead" shard points at a database or file that does not exist.
 */
final class QueryShards implements AutoCloseable {

    private final ShardFixture fixture;
    private final List<ShardSpec> shards = new ArrayList<>();
    private final Path file;
    private final Topology topology;
    private final ShardPools pools;
    private final QueryEngine engine;

    QueryShards(ShardFixture.Kind kind, Path dir, int count, List<String> deadShards) {
        this.fixture = new ShardFixture(kind, dir);
        for (int i = 0; i < count; i++) {
            shards.add(fixture.shard("shard-" + i));
        }
        for (String dead : deadShards) {
            shards.add(kind == ShardFixture.Kind.POSTGRES
                    ? new ShardSpec(dead, PostgresTestDatabase.SERVER + "reshard_test_missing_database?user=" + PostgresTestDatabase.USER)
                    : new ShardSpec(dead, "jdbc:sqlite:" + dir.resolve("missing-" + dead + ".db")));
        }
        this.file = dir.resolve("topology.json");
        OrdersTopologyFile.write(file, "query-test", shards);
        this.topology = new TopologyLoader().load(file).orElseThrow();
        this.pools = new ShardPools(topology.shards());
        this.engine = new QueryEngine(topology, pools);
    }

    /** The live shards (not the dead ones). */
    List<ShardSpec> liveShards() {
        return shards.stream().filter(s -> !s.id().startsWith("dead")).toList();
    }

    Topology topology() {
        return topology;
    }

    Path file() {
        return file;
    }

    ShardPools pools() {
        return pools;
    }

    QueryEngine engine() {
        return engine;
    }

    /** Runs SQL on every live shard, for setup. */
    void executeOnEach(String... sql) {
        liveShards().forEach(s -> ShardFixture.execute(s, sql));
    }

    @Override
    public void close() {
        engine.close();
        pools.close();
        fixture.close();
    }
}
