package org.reshard.query;

/** How shard results are combined. */
public enum ResultMode {
    /** Merged exactly into the answer one database holding every row would give. */
    MERGED,
    /**
     * Answered exactly by the federated engine (Apache Calcite) over the shards' owned rows, for statements the
     * streaming merge refuses: joins across shards, subqueries, set operations, windows and the like.
     */
    FEDERATED,
    /** Each shard's rows as they are, concatenated, the first column naming the shard. */
    RAW
}
