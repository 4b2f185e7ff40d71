package org.reshard.topology;

import java.util.List;
import java.util.Objects;

/** A sharded table: its name, the column hashed for routing, and its primary key columns. */
public record TableSpec(String name, String shardKey, List<String> primaryKey) {

    public TableSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shardKey, "shardKey");
        primaryKey = List.copyOf(primaryKey);
    }
}
