package org.reshard.ui.diff;

/** Where the numbers of moving rows come from. */
public enum RowBasis {
    /** The plan's per-step estimates (exact counts or database statistics). */
    PLAN,
    /** Each source shard's row count scaled by the share of its hash space that moves: keys hash uniformly. */
    HASH_SHARE,
    /** Neither a plan nor the source shards' row counts are known. */
    UNKNOWN
}
