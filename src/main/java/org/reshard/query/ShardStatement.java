package org.reshard.query;

import java.util.Objects;

/** One statement a shard ran (or, under explain, would run) for a query: what {@code --explain} and the console's Explain tab show. */
public record ShardStatement(String shardId, String sql) {

    public ShardStatement {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(sql, "sql");
    }
}
