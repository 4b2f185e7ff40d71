package org.reshard.topology;

import java.util.List;
import java.util.Objects;

/** A table that holds the same rows on every shard (countries, currencies): read from one shard, joined anywhere. */
public record ReferenceTable(String name, List<String> primaryKey) {

    public ReferenceTable {
        Objects.requireNonNull(name, "name");
        primaryKey = List.copyOf(primaryKey);
    }
}
