package org.reshard.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished query: columns, rows (values normalised as {@link JdbcValues} describes; nulls allowed),
 * one report per shard that ran, whether failed shards were left out ({@code partial}), merged or raw
 * rows, which shards ran and why ({@code scope}), warnings about the answer, and the SQL each shard ran.
 */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, List<ShardReport> shards,
                          boolean partial, ResultMode mode, Optional<Page> page, ShardScope scope, List<QueryWarning> warnings,
                          List<ShardStatement> statements) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        shards = List.copyOf(shards);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(scope, "scope");
        warnings = List.copyOf(warnings);
        statements = List.copyOf(statements);
    }

    /** A result that does not list its shard statements. */
    public QueryResult(List<ResultColumn> columns, List<List<Object>> rows, List<ShardReport> shards, boolean partial, ResultMode mode,
                       Optional<Page> page, ShardScope scope, List<QueryWarning> warnings) {
        this(columns, rows, shards, partial, mode, page, scope, warnings, List.of());
    }

    /** The same answer listing the statements each shard ran. */
    public QueryResult withStatements(List<ShardStatement> ran) {
        return new QueryResult(columns, rows, shards, partial, mode, page, scope, warnings, ran);
    }

    /** The same answer with these warnings. */
    public QueryResult withWarnings(List<QueryWarning> added) {
        return new QueryResult(columns, rows, shards, partial, mode, page, scope, added, statements);
    }

    /** The same answer with other rows (a page of it, as the console keeps). */
    public QueryResult withRows(List<List<Object>> kept, Optional<Page> keptPage) {
        return new QueryResult(columns, kept, shards, partial, mode, keptPage, scope, warnings, statements);
    }

    public List<ShardReport> failedShards() {
        return shards.stream().filter(ShardReport::failed).toList();
    }
}
