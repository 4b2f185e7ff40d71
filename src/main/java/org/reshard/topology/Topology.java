package org.reshard.topology;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A validated topology file: shards, tables, routing and the hash-space ownership it implies. */
public record Topology(String name, Path source, String registryUrl, Routing routing,
                       List<ShardSpec> shards, List<TableSpec> tables, HashPartition partition) {

    public Topology {
        shards = List.copyOf(shards);
        tables = List.copyOf(tables);
    }

    /** Builds a topology and computes its partition from the routing. */
    public static Topology of(String name, Path source, String registryUrl, Routing routing,
                              List<ShardSpec> shards, List<TableSpec> tables) {
        List<String> ids = shards.stream().map(ShardSpec::id).toList();
        return new Topology(name, source, registryUrl, routing, shards, tables, routing.partition(ids));
    }

    public List<String> shardIds() {
        return shards.stream().map(ShardSpec::id).toList();
    }

    public Optional<ShardSpec> shard(String id) {
        return shards.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<TableSpec> table(String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    }

    /** The shard that owns a key, routing by {@link RoutingHash}. */
    public String ownerOf(String key) {
        return partition.ownerOf(RoutingHash.hash(key));
    }

    /** True when both route every key to the same shard id and database, for the same tables (names may differ). */
    public boolean sameLayoutAs(Topology other) {
        return partition.equals(other.partition)
                && shards.stream().map(s -> s.id() + " " + s.url()).toList().equals(other.shards.stream().map(s -> s.id() + " " + s.url()).toList())
                && tables.equals(other.tables);
    }

    /** Where the file came from, for messages. */
    public String describeSource() {
        return source == null ? name : source.toString();
    }
}
