package org.reshard.query;

/** Why the engine stops a shard's statement before it has returned every row. */
enum StopReason {
    /** The merge has what it needs (a LIMIT is reached, or another shard failed and partial results are off). */
    DONE,
    /** The query's timeout passed. */
    TIMEOUT,
    /** The caller cancelled. */
    CANCELLED
}
