package org.reshard.query;

import java.util.List;

/** A planned statement with what routing needs: the tables it reads, its shard-key conditions and its ownership markers. */
record AnalyzedQuery(QueryPlan plan, QueryTables tables, List<KeyCondition> keys, List<ShardSql.OwnedTable> owned) {

    AnalyzedQuery {
        keys = List.copyOf(keys);
        owned = List.copyOf(owned);
    }

    /** A statement that runs unchanged on every chosen shard. */
    static AnalyzedQuery unchanged(QueryPlan plan) {
        return new AnalyzedQuery(plan, QueryTables.NONE, List.of(), List.of());
    }

    ShardSql sql() {
        return new ShardSql(plan.shardSql(), owned);
    }
}
