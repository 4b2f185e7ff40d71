package org.reshard.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of the topology's shards a query ran on and why: all of them, the owners of the shard keys it
 * names ({@code customer_id = 123}), one shard for reference tables, or the user's choice.
 */
public record ShardScope(List<String> shards, int topologyShards, Optional<String> reason) {

    public ShardScope {
        shards = List.copyOf(shards);
        Objects.requireNonNull(reason, "reason");
    }

    /** Every listed shard, for no particular reason. */
    public static ShardScope all(List<String> shards, int topologyShards) {
        return new ShardScope(shards, topologyShards, Optional.empty());
    }

    /** True when fewer shards ran than the topology has. */
    public boolean pruned() {
        return shards.size() < topologyShards;
    }

    /** "1 of 3 shards: customer_id = 123", "3 of 3 shards". */
    public String describe() {
        String count = shards.size() + " of " + topologyShards + (topologyShards == 1 ? " shard" : " shards");
        return reason.map(why -> count + ": " + why).orElse(count);
    }
}
