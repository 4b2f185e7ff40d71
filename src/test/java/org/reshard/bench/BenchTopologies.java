package org.reshard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reshard.plan.ReshardingPlan;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/** Topology files for benchmarks: shards split the hash space equally, the orders table keyed by customer. */
public final class BenchTopologies {

    private BenchTopologies() {
    }

    /** A topology over the given JDBC URLs (shards s0, s1, …), its registry a SQLite file in {@code dir}. */
    public static Topology write(Path dir, String name, List<String> urls) throws IOException {
        return write(dir, name, urls, EQUAL_RANGES, ORDERS);
    }

    /** Equal hash ranges, one per shard. */
    public static final String EQUAL_RANGES = "{\"strategy\": \"hash-range\", \"ranges\": \"equal\"}";
    /** The orders table, sharded by customer. */
    public static final String ORDERS = "{\"name\": \"orders\", \"shardKey\": \"customer_id\", \"primaryKey\": [\"id\"]}";

    /** As above with other routing and tables: JSON of the routing object and of the tables array's items. */
    public static Topology write(Path dir, String name, List<String> urls, String routing, String tables) throws IOException {
        List<String> shards = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            shards.add("{\"id\": \"s" + i + "\", \"url\": \"" + urls.get(i) + "\"}");
        }
        Path path = dir.resolve(name + ".json");
        Files.writeString(path, "{\"name\": \"" + name + "\", \"registry\": \"jdbc:sqlite:" + dir.resolve("registry.db")
                + "\", \"routing\": " + routing + ", \"shards\": [" + String.join(", ", shards) + "], \"tables\": [" + tables + "]}");
        return new TopologyLoader().load(path).orElseThrow();
    }

    /**
     * The copy and verification benchmarks' scenario: {@code rows} orders in {@code bench_src}, resharded
     * from that one shard to three ({@code bench_src}, {@code bench_t1}, {@code bench_t2}); the plan moves two thirds.
     */
    public static ReshardingPlan oneToThreePostgres(Path dir, long rows) throws Exception {
        BenchDatabases.recreate("bench_src");
        BenchDatabases.createOrders("bench_src", rows, null);
        Topology from = write(dir, "old", postgres("bench_src"));
        Topology to = write(dir, "new", postgres("bench_src", "bench_t1", "bench_t2"));
        return BenchRun.plan(from, to);
    }

    /** PostgreSQL URLs of the named bench databases. */
    public static List<String> postgres(String... databases) {
        return java.util.Arrays.stream(databases).map(BenchDatabases::url).toList();
    }
}
