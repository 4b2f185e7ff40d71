package org.reshard.ui.diff;

import java.util.OptionalLong;

/** The hover text for one arc: which ring, who owns it (or who gives it to whom), its range and its size. */
public final class ArcDescription {

    private ArcDescription() {
    }

    public static String of(RingName ring, ArcSpan arc, RingDiagram diagram) {
        String share = DiffFormat.percent(arc.range().fraction()) + " of the hash space";
        return switch (arc) {
            case OwnerArc owner -> ring.label() + " · owner " + owner.shardId() + "\n"
                    + DiffFormat.range(owner.range()) + "\n" + share;
            case MoveArc move -> ring.label() + " · " + move.sourceShard() + " → " + move.targetShard() + "\n"
                    + DiffFormat.range(move.range()) + "\n" + share + rowsLine(move, diagram.rows());
        };
    }

    private static String rowsLine(MoveArc move, RowMovement rows) {
        OptionalLong estimate = rows.estimateFor(move);
        if (estimate.isEmpty()) {
            return "";
        }
        String count = DiffFormat.rows(estimate.getAsLong());
        if (rows.basis() == RowBasis.PLAN && rows.isWholePair(move)) {
            return "\nest. " + count + " rows (plan)";
        }
        String basis = rows.basis() == RowBasis.PLAN
                ? "share of the plan's " + DiffFormat.rows(rows.rowsOf(move.pair())) + " for this move"
                : "by hash share, no plan yet";
        return "\n≈ " + count + " rows (" + basis + ")";
    }
}
