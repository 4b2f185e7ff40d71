package org.reshard.plan.design;

import java.time.Duration;

/**
 * What a designed topology would move: the share of the hash space that changes owner, the rows and bytes
 * that share holds (uniform density within each source shard's ranges) and the duration at the copy rate.
 * {@code rowsKnown} is false when no shard's rows were measured: rows and bytes are then 0 and only the share counts.
 */
public record DesignEstimate(double movedShare, long rows, long bytes, Duration duration, boolean rowsKnown) {
}
