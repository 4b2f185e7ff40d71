package org.reshard.ui.diff;

import org.reshard.topology.HashRange;

/** A range of the before or after ring and the shard that owns it. */
public record OwnerArc(HashRange range, String shardId, double startDegrees, double sweepDegrees) implements ArcSpan {
}
