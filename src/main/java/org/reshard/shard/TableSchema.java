package org.reshard.shard;

import java.util.List;
import java.util.Optional;

/**
 * A table's definition read from a shard: columns in order, primary key, secondary indexes (their
 * CREATE statements), on SQLite the original CREATE TABLE statement and, on PostgreSQL, the partition
 * key of a partitioned table ({@code pg_get_partkeydef}, e.g. {@code RANGE (paid_on)}; null otherwise).
 */
public record TableSchema(String table, List<Column> columns, List<String> primaryKey, List<String> indexStatements,
                          String createStatement, String partitionBy) {

    public TableSchema(String table, List<Column> columns, List<String> primaryKey, List<String> indexStatements,
                       String createStatement) {
        this(table, columns, primaryKey, indexStatements, createStatement, null);
    }

    /** True for a PostgreSQL partitioned table: its rows live in its partitions. */
    public boolean partitioned() {
        return partitionBy != null;
    }

    public TableSchema {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexStatements = List.copyOf(indexStatements);
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The columns the copy reads and writes: all but generated ones, primary key columns first. */
    public List<Column> copiedColumns() {
        List<Column> keys = primaryKey.stream().map(k -> column(k).orElseThrow()).toList();
        List<Column> rest = columns.stream().filter(c -> !c.generated() && !primaryKey.contains(c.name())).toList();
        return java.util.stream.Stream.concat(keys.stream(), rest.stream()).toList();
    }

    /** Columns, types and key in one string: two equal fingerprints mean rows can move between the tables as they are. */
    public String fingerprint() {
        StringBuilder text = new StringBuilder();
        for (Column c : columns) {
            text.append(c.name()).append(' ').append(c.type().toLowerCase(java.util.Locale.ROOT))
                    .append(c.generated() ? " generated" : "").append(';');
        }
        return text.append(" key ").append(primaryKey).toString();
    }

    /** What differs between this (the source) and another shard's table, one line each; empty when compatible. */
    public List<String> differencesFrom(TableSchema target, String sourceShard, String targetShard) {
        List<String> problems = new java.util.ArrayList<>();
        for (Column c : columns) {
            Optional<Column> other = target.column(c.name());
            if (other.isEmpty()) {
                problems.add("column " + c.name() + " is missing on " + targetShard);
            } else if (!other.get().type().equalsIgnoreCase(c.type())) {
                problems.add("column " + c.name() + " is " + c.type() + " on " + sourceShard + " but " + other.get().type() + " on " + targetShard);
            }
        }
        target.columns().stream().filter(c -> column(c.name()).isEmpty())
                .forEach(c -> problems.add("column " + c.name() + " exists only on " + targetShard));
        if (!primaryKey.equals(target.primaryKey())) {
            problems.add("primary key is " + primaryKey + " on " + sourceShard + " but " + target.primaryKey() + " on " + targetShard);
        }
        return problems;
    }
}
