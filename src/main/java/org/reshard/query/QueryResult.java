package org.reshard.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished query: columns, rows (values normalised as {@link JdbcValues} describes; nulls allowed),
 * one report per shard, whether failed shards were left out ({@code partial}), and merged or raw rows.
 */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, List<ShardReport> shards,
                          boolean partial, ResultMode mode, Optional<Page> page) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        shards = List.copyOf(shards);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(page, "page");
    }

    public List<ShardReport> failedShards() {
        return shards.stream().filter(ShardReport::failed).toList();
    }
}
