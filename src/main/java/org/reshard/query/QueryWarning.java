package org.reshard.query;

import java.util.Objects;

/**
 * Something the user should know about an answer that is still exact for what was asked: tables the
 * topology does not declare ({@link #UNDECLARED_TABLES}), or a newer active topology in the registry
 * ({@link #STALE_TOPOLOGY}).
 */
public record QueryWarning(String code, String message) {

    /** Tables read as found on each shard: no ownership filter applies to them. */
    public static final String UNDECLARED_TABLES = "reshard.query.undeclared_tables";
    /** The queried topology is not the registry's active version. */
    public static final String STALE_TOPOLOGY = "reshard.query.stale_topology";
    /** The registry could not be read to check which topology is active. */
    public static final String REGISTRY_UNREADABLE = "reshard.query.registry_unreadable";

    public QueryWarning {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
