package org.reshard.ui.diff;

import java.util.Locale;
import org.reshard.ui.common.StyleClasses;

/** What the legend and moves tables write in each cell; "≈" marks rows estimated by hash share. */
final class TableText {

    private static final String APPROXIMATE = "≈ ";

    private TableText() {
    }

    static String shareBefore(LegendRow row) {
        return DiffFormat.percentNumber(row.shareBefore());
    }

    static String shareAfter(LegendRow row) {
        return DiffFormat.percentNumber(row.shareAfter());
    }

    static String rowsBefore(LegendRow row) {
        return DiffFormat.rows(row.rowsBefore());
    }

    /** Rows after; the total is exact even when its parts are estimates, since moving rows only changes place. */
    static String rowsAfter(LegendRow row) {
        boolean estimated = row.rowsAfterBasis() == RowBasis.HASH_SHARE && row.kind() != LegendRow.Kind.TOTAL
                && row.rowsChange().orElse(0) != 0;
        return (estimated && row.rowsAfter().isPresent() ? APPROXIMATE : "") + DiffFormat.rows(row.rowsAfter());
    }

    static String rowsChange(LegendRow row) {
        if (row.kind() == LegendRow.Kind.TOTAL || row.rowsChange().isEmpty()) {
            return row.kind() == LegendRow.Kind.TOTAL ? "" : DiffFormat.UNKNOWN;
        }
        long change = row.rowsChange().getAsLong();
        String sign = change > 0 ? "+" : change < 0 ? "−" : "";
        return sign + String.format(Locale.ROOT, "%,d", Math.abs(change));
    }

    /** A style class for the change's direction, or null when there is nothing to colour. */
    static String rowsChangeStyle(LegendRow row) {
        long change = row.kind() == LegendRow.Kind.TOTAL ? 0 : row.rowsChange().orElse(0);
        return change > 0 ? StyleClasses.CHANGE_IN : change < 0 ? StyleClasses.CHANGE_OUT : null;
    }

    static String rangeCount(MoveRow row) {
        return String.format(Locale.ROOT, "%,d", row.rangeCount());
    }

    static String moveShare(MoveRow row) {
        return DiffFormat.percent(row.share());
    }

    static String moveRows(MoveRow row) {
        String prefix = row.rowsBasis() == RowBasis.HASH_SHARE && row.estimatedRows().isPresent() ? APPROXIMATE : "";
        return prefix + DiffFormat.rows(row.estimatedRows());
    }
}
