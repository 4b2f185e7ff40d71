package org.reshard.ui.diff;

import java.util.OptionalLong;

/**
 * One line of the moves table: ranges moving from a source to a target shard, their share and rows.
 *
 * @param rowsBasis where {@code estimatedRows} comes from
 */
public record MoveRow(ShardPair pair, int rangeCount, double share, OptionalLong estimatedRows, RowBasis rowsBasis) {
}
