package org.reshard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/** Topology files for benchmarks: shards split the hash space equally, the orders table keyed by customer. */
public final class BenchTopologies {

    private BenchTopologies() {
    }

    /** A topology over the given JDBC URLs (shards s0, s1, …), its registry a SQLite file in {@code dir}. */
    public static Topology write(Path dir, String name, List<String> urls) throws IOException {
        List<String> shards = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            shards.add("{\"id\": \"s" + i + "\", \"url\": \"" + urls.get(i) + "\"}");
        }
        Path path = dir.resolve(name + ".json");
        Files.writeString(path, "{\"name\": \"" + name + "\", \"registry\": \"jdbc:sqlite:" + dir.resolve("registry.db")
                + "\", \"routing\": {\"strategy\": \"hash-range\", \"ranges\": \"equal\"}, \"shards\": [" + String.join(", ", shards)
                + "], \"tables\": [{\"name\": \"orders\", \"shardKey\": \"customer_id\", \"primaryKey\": [\"id\"]}]}");
        return new TopologyLoader().load(path).orElseThrow();
    }

    /** PostgreSQL URLs of the named bench databases. */
    public static List<String> postgres(String... databases) {
        return java.util.Arrays.stream(databases).map(BenchDatabases::url).toList();
    }
}
