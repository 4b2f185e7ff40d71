package org.reshard.topology;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.reshard.common.Redaction;

/**
 * A validated topology file: shards, sharded tables, reference tables (the same rows on every shard),
 * routing and the hash-space ownership it implies.
 */
public record Topology(String name, Path source, String registryUrl, Routing routing,
                       List<ShardSpec> shards, List<TableSpec> tables, List<ReferenceTable> referenceTables, HashPartition partition) {

    public Topology {
        shards = List.copyOf(shards);
        tables = List.copyOf(tables);
        referenceTables = List.copyOf(referenceTables);
    }

    /** Builds a topology without reference tables and computes its partition from the routing. */
    public static Topology of(String name, Path source, String registryUrl, Routing routing,
                              List<ShardSpec> shards, List<TableSpec> tables) {
        return of(name, source, registryUrl, routing, shards, tables, List.of());
    }

    /** Builds a topology and computes its partition from the routing. */
    public static Topology of(String name, Path source, String registryUrl, Routing routing,
                              List<ShardSpec> shards, List<TableSpec> tables, List<ReferenceTable> referenceTables) {
        List<String> ids = shards.stream().map(ShardSpec::id).toList();
        return new Topology(name, source, registryUrl, routing, shards, tables, referenceTables, routing.partition(ids));
    }

    /** The same topology with its registry at another URL. */
    public Topology withRegistry(String url) {
        return new Topology(name, source, url, routing, shards, tables, referenceTables, partition);
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

    public Optional<ReferenceTable> referenceTable(String tableName) {
        return referenceTables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    }

    /** The shard that owns a key, routing by {@link RoutingHash}. */
    public String ownerOf(String key) {
        return partition.ownerOf(RoutingHash.hash(key));
    }

    /** True when both route every key to the same shard id and database, for the same tables (names may differ). */
    public boolean sameLayoutAs(Topology other) {
        return layoutDifference(other).isEmpty();
    }

    /**
     * The first way {@code other} lays data out differently from this topology, in words for an error message
     * (URLs with their passwords masked); empty when {@link #sameLayoutAs} holds.
     */
    public Optional<String> layoutDifference(Topology other) {
        for (ShardSpec shard : shards) {
            Optional<ShardSpec> same = other.shard(shard.id());
            if (same.isEmpty()) {
                return Optional.of("shard " + shard.id() + " is missing from " + other.describeSource());
            }
            if (!same.get().url().equals(shard.url())) {
                return Optional.of("shard " + shard.id() + " is " + Redaction.maskUrl(shard.url()) + " in " + describeSource() + " but "
                        + Redaction.maskUrl(same.get().url()) + " in " + other.describeSource());
            }
        }
        if (!shardIds().equals(other.shardIds())) {
            return Optional.of(other.describeSource() + " has shards " + String.join(", ", other.shardIds()) + ", " + describeSource() + " has "
                    + String.join(", ", shardIds()));
        }
        if (!partition.equals(other.partition)) {
            return Optional.of("the two route keys to different shards (their hash ranges differ)");
        }
        if (!tables.equals(other.tables)) {
            return Optional.of("the two name different tables or shard keys");
        }
        return Optional.empty();
    }

    /** Where the file came from, for messages. */
    public String describeSource() {
        return source == null ? name : source.toString();
    }
}
