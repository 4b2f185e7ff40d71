package org.reshard.ui.diff;

import java.util.OptionalLong;

/**
 * One line of the legend: a shard's share of the hash space and its rows, before and after; or the totals.
 *
 * @param rowsAfterBasis where the moving rows in {@code rowsAfter} come from
 */
public record LegendRow(String shardId, Kind kind, double shareBefore, double shareAfter,
                        OptionalLong rowsBefore, OptionalLong rowsAfter, RowBasis rowsAfterBasis) {

    /** Whether the shard is in both topologies, only one, or the line sums them up. */
    public enum Kind {
        KEPT, ADDED, REMOVED, TOTAL
    }

    /** Rows after minus rows before, when both are known. */
    public OptionalLong rowsChange() {
        return rowsBefore.isPresent() && rowsAfter.isPresent()
                ? OptionalLong.of(rowsAfter.getAsLong() - rowsBefore.getAsLong()) : OptionalLong.empty();
    }
}
