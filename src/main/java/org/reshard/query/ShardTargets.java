package org.reshard.query;

import java.util.List;
import java.util.Map;
import org.reshard.topology.ShardSpec;

/**
 * Where a query runs: the shards, the SQL each one gets, why (the scope), and for a query on reference
 * tables alone the other shards to try in turn when the first cannot answer.
 */
record ShardTargets(List<ShardSpec> shards, Map<String, String> sqlByShard, ShardScope scope, List<ShardSpec> fallbacks) {

    ShardTargets {
        shards = List.copyOf(shards);
        sqlByShard = Map.copyOf(sqlByShard);
        fallbacks = List.copyOf(fallbacks);
    }

    String sqlFor(ShardSpec shard) {
        return sqlByShard.get(shard.id());
    }
}
