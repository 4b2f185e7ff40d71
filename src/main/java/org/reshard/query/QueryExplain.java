package org.reshard.query;

import java.util.List;
import java.util.Objects;

/**
 * What a query would run, without running it: the path that answers ({@link ResultMode#MERGED} "merged on the fly",
 * {@link ResultMode#FEDERATED}, {@link ResultMode#RAW}) and the SQL each shard runs.
 */
public record QueryExplain(ResultMode path, List<ShardStatement> statements) {

    public QueryExplain {
        Objects.requireNonNull(path, "path");
        statements = List.copyOf(statements);
    }

    /** "merged on the fly", "federated", "raw rows". */
    public String describePath() {
        return switch (path) {
            case MERGED -> "merged on the fly";
            case FEDERATED -> "federated";
            case RAW -> "raw rows";
        };
    }
}
