package org.reshard.ui.diff;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.reshard.plan.ReshardingPlan;

/** The one-line verdict: how much of the hash space changes owner and how many rows that moves. */
public final class SummaryText {

    private SummaryText() {
    }

    public static String of(double movedShare, int moveCount, RowMovement rows, OptionalDouble rowFraction,
                            ReshardingPlan planOrNull) {
        if (moveCount == 0) {
            return "No hash range changes owner: nothing moves.";
        }
        String space = DiffFormat.percent(movedShare) + " of the hash space changes owner";
        OptionalLong moving = rows.totalMoving();
        String moves = DiffFormat.count(moveCount, "move", "moves");
        return switch (rows.basis()) {
            case PLAN -> space + " — about " + rowsPhrase(moving.orElse(0), rowFraction) + " move in "
                    + DiffFormat.count(planOrNull == null ? 0 : planOrNull.steps().size(), "step", "steps");
            case HASH_SHARE -> space + " — about " + rowsPhrase(moving.orElse(0), rowFraction) + " move in " + moves
                    + ", estimated by hash share until a plan counts them";
            case UNKNOWN -> space + " in " + moves + "; row counts are not known yet";
        };
    }

    private static String rowsPhrase(long rows, OptionalDouble fraction) {
        String phrase = DiffFormat.count(rows, "row", "rows");
        return fraction.isPresent() ? phrase + " (" + DiffFormat.percent(fraction.getAsDouble()) + ")" : phrase;
    }
}
