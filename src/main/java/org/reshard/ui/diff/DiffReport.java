package org.reshard.ui.diff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.reshard.plan.RangeMove;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.TopologyDiff;
import org.reshard.topology.Topology;

/** The whole diff screen's content for two topologies, computed at once without touching a database. */
public record DiffReport(String title, String subtitle, String summary, List<LegendRow> legend,
                         List<MoveRow> moves, RingDiagram diagram) {

    public DiffReport {
        legend = List.copyOf(legend);
        moves = List.copyOf(moves);
    }

    /**
     * Compares two topologies. The plan, when given, supplies the rows each move carries; the row counts
     * by shard, when given, are the rows on each shard before the move, of the tables the plan moves.
     */
    public static DiffReport of(Topology before, Topology after, ReshardingPlan planOrNull, Map<String, Long> rowsBeforeByShard) {
        List<RangeMove> rangeMoves = TopologyDiff.moves(before.partition(), after.partition());
        List<String> shardIds = shardIds(before, after);
        RowMovement rows = RowMovement.of(before, after, rangeMoves, planOrNull, rowsBeforeByShard);
        double movedShare = rangeMoves.stream().mapToDouble(RangeMove::fraction).sum();
        OptionalDouble rowFraction = rows.movingFraction(before.shardIds());

        List<MoveRow> moveRows = new ArrayList<>();
        for (RangeMove move : rangeMoves) {
            ShardPair pair = new ShardPair(move.sourceShard(), move.targetShard());
            moveRows.add(new MoveRow(pair, move.ranges().size(), move.fraction(), rows.rowsOf(pair), rows.basis()));
        }
        // In the legend's shard order rather than the order of first appearance on the ring, so they can be found.
        moveRows.sort(Comparator.comparingInt((MoveRow row) -> shardIds.indexOf(row.pair().source()))
                .thenComparingInt(row -> shardIds.indexOf(row.pair().target())));
        RingDiagram diagram = new RingDiagram(before.name(), after.name(), shardIds,
                RingGeometry.ownerArcs(before.partition()), RingGeometry.moveArcs(rangeMoves),
                RingGeometry.ownerArcs(after.partition()), movedShare, rows, rowFraction);
        return new DiffReport(before.name() + " → " + after.name(), subtitle(before, after),
                SummaryText.of(movedShare, rangeMoves.size(), rows, rowFraction, planOrNull),
                LegendRows.of(before, after, shardIds, rows), moveRows, diagram);
    }

    /** Before's shards in their order, then the shards only after lists. */
    private static List<String> shardIds(Topology before, Topology after) {
        Set<String> ids = new LinkedHashSet<>(before.shardIds());
        ids.addAll(after.shardIds());
        return List.copyOf(ids);
    }

    private static String subtitle(Topology before, Topology after) {
        return DiffFormat.count(before.shards().size(), "shard", "shards") + ", " + DiffFormat.routing(before.routing())
                + "  →  " + DiffFormat.count(after.shards().size(), "shard", "shards") + ", " + DiffFormat.routing(after.routing());
    }
}
