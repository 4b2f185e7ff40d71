package org.reshard.query;

import java.util.Collection;
import org.reshard.topology.ShardSpec;

/**
 * Whose SQL rules the merge follows when it computes values itself (AVG, arithmetic over aggregates):
 * PostgreSQL's exact numerics or SQLite's integers and doubles.
 */
enum Semantics {
    POSTGRES, SQLITE;

    /** SQLite rules only when every shard is SQLite; a mixed topology follows PostgreSQL's. */
    static Semantics of(Collection<ShardSpec> shards) {
        return shards.stream().allMatch(ShardSpec::isSqlite) ? SQLITE : POSTGRES;
    }
}
