package org.reshard.ui.diff;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Everything the ring drawing shows: the before and after owners, the moving arcs and the moving share.
 *
 * @param shardIds           every shard of either topology, before's first; a shard's place picks its colour
 * @param movingRowFraction  share of all rows that moves, when the row counts are known
 */
public record RingDiagram(String beforeName, String afterName, List<String> shardIds, List<OwnerArc> before,
                          List<MoveArc> moves, List<OwnerArc> after, double movedShare, RowMovement rows,
                          OptionalDouble movingRowFraction) {

    public RingDiagram {
        shardIds = List.copyOf(shardIds);
        before = List.copyOf(before);
        moves = List.copyOf(moves);
        after = List.copyOf(after);
    }

    /** The arcs of one ring, sorted by start angle. */
    public List<? extends ArcSpan> arcs(RingName ring) {
        return switch (ring) {
            case BEFORE -> before;
            case MOVES -> moves;
            case AFTER -> after;
        };
    }
}
