package org.reshard.query;

/** How shard results are combined. */
public enum ResultMode {
    /** Merged exactly into the answer one database holding every row would give. */
    MERGED,
    /** Each shard's rows as they are, concatenated, the first column naming the shard. */
    RAW
}
