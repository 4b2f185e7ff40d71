package org.reshard.plan.design;

/** What a shard holds today over the topology's tables: rows and bytes, as its database estimates them. */
public record ShardLoad(long rows, long bytes) {

    public ShardLoad {
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes cannot be negative: " + rows + ", " + bytes);
        }
    }
}
