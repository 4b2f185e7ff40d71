package org.reshard.ui.diff;

import org.reshard.topology.HashRange;

/** A range whose owner changes, drawn on the moves ring. */
public record MoveArc(HashRange range, String sourceShard, String targetShard, double startDegrees, double sweepDegrees)
        implements ArcSpan {

    public ShardPair pair() {
        return new ShardPair(sourceShard, targetShard);
    }
}
