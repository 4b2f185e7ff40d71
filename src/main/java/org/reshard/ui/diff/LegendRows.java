package org.reshard.ui.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.reshard.topology.Topology;

/** Builds the legend: one row per shard of either topology, then the totals. */
public final class LegendRows {

    /** The label of the totals row. */
    public static final String TOTAL = "Total";

    private LegendRows() {
    }

    public static List<LegendRow> of(Topology before, Topology after, List<String> shardIds, RowMovement rows) {
        Map<String, Double> sharesBefore = before.partition().shareByShard();
        Map<String, Double> sharesAfter = after.partition().shareByShard();
        List<LegendRow> legend = new ArrayList<>();
        for (String id : shardIds) {
            legend.add(new LegendRow(id, kind(id, before, after), sharesBefore.getOrDefault(id, 0.0),
                    sharesAfter.getOrDefault(id, 0.0), rows.rowsBefore(id), rows.rowsAfter(id), rows.basis()));
        }
        legend.add(new LegendRow(TOTAL, LegendRow.Kind.TOTAL,
                legend.stream().mapToDouble(LegendRow::shareBefore).sum(),
                legend.stream().mapToDouble(LegendRow::shareAfter).sum(),
                sum(legend, LegendRow::rowsBefore), sum(legend, LegendRow::rowsAfter), rows.basis()));
        return List.copyOf(legend);
    }

    private static LegendRow.Kind kind(String id, Topology before, Topology after) {
        boolean wasListed = before.shard(id).isPresent();
        boolean isListed = after.shard(id).isPresent();
        if (wasListed && isListed) {
            return LegendRow.Kind.KEPT;
        }
        return isListed ? LegendRow.Kind.ADDED : LegendRow.Kind.REMOVED;
    }

    /** The sum when every shard's number is known; a partial sum would read as a total and mislead. */
    private static OptionalLong sum(List<LegendRow> rows, Function<LegendRow, OptionalLong> column) {
        long total = 0;
        for (LegendRow row : rows) {
            OptionalLong value = column.apply(row);
            if (value.isEmpty()) {
                return OptionalLong.empty();
            }
            total += value.getAsLong();
        }
        return OptionalLong.of(total);
    }
}
