package org.reshard.query;

import java.util.List;
import java.util.Map;
import org.reshard.shard.SqlDialect;
import org.reshard.topology.HashRange;
import org.reshard.topology.ShardSpec;

/**
 * The statement every shard runs, with a marker where each sharded table's ownership condition goes; a shard's
 * own SQL replaces each marker with "the shard key hashes into this shard's ranges" (or, where the filter is
 * provably unneeded, with a condition that is always true).
 */
record ShardSql(String template, List<OwnedTable> owned) {

    /** A sharded table read through a derived table whose WHERE is {@code marker}. */
    record OwnedTable(String marker, String shardKey) {
    }

    ShardSql {
        owned = List.copyOf(owned);
    }

    /** A statement that runs as it is on every shard. */
    static ShardSql unchanged(String sql) {
        return new ShardSql(sql, List.of());
    }

    /** The SQL for one shard: its ranges filter every sharded table, unless {@code filter} is false. */
    String forShard(ShardSpec shard, Map<String, List<HashRange>> rangesByShard, boolean filter) {
        String sql = template;
        SqlDialect dialect = SqlDialect.of(shard);
        for (OwnedTable table : owned) {
            String condition = filter ? dialect.ownedBy(dialect.quote(table.shardKey()), rangesByShard.getOrDefault(shard.id(), List.of()))
                    : "1 = 1";
            sql = sql.replace(table.marker(), condition);
        }
        return sql;
    }
}
