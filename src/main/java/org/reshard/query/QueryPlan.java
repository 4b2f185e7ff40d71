package org.reshard.query;

import java.util.List;

/** How a statement runs on each shard and how the shards' rows become one result. */
sealed interface QueryPlan permits QueryPlan.Rows, QueryPlan.Aggregate, QueryPlan.Raw, QueryPlan.Write {

    /** The SQL each shard runs. */
    String shardSql();

    /**
     * Row-by-row results: concatenated, or k-way merged when ordered; DISTINCT as a set; then the window.
     * {@code hiddenColumns} trailing columns carry ORDER BY values that are not selected.
     */
    record Rows(String shardSql, List<SortKey> order, boolean distinct, int hiddenColumns, RowWindow window) implements QueryPlan {
        public Rows {
            order = List.copyOf(order);
        }
    }

    /** Partial aggregates per shard merged by group key, then HAVING, the output expressions, ORDER BY and the window. */
    record Aggregate(String shardSql, AggregateLayout layout, RowWindow window) implements QueryPlan {
    }

    /** Each shard's rows as they are, tagged with the shard id; the window cuts the concatenation. */
    record Raw(String shardSql, RowWindow window) implements QueryPlan {
    }

    /** A write unlocked by the caller: run on each shard in its own transaction, affected rows reported per shard. */
    record Write(String shardSql) implements QueryPlan {
    }
}
