package org.reshard.ui.diff;

import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.plan.ReshardingPlan;
import org.reshard.topology.Topology;

/**
 * State of the topology diff screen: the legend, the moves, the summary and the ring drawing for the
 * topologies last shown. Computing it is cheap and touches no database, so {@link #show} runs on the
 * JavaFX thread; the caller brings the plan and row counts it already has.
 */
public final class DiffViewModel {

    private final ObservableList<LegendRow> legendRows = FXCollections.observableArrayList();
    private final ObservableList<MoveRow> moveRows = FXCollections.observableArrayList();
    private final ObservableList<LegendRow> legendView = FXCollections.unmodifiableObservableList(legendRows);
    private final ObservableList<MoveRow> movesView = FXCollections.unmodifiableObservableList(moveRows);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Topology diff");
    private final ReadOnlyStringWrapper subtitle = new ReadOnlyStringWrapper(this, "subtitle",
            "Load a current and a target topology to see which hash ranges move.");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<RingDiagram> diagram = new ReadOnlyObjectWrapper<>(this, "diagram");

    /**
     * Shows the diff of two topologies.
     *
     * @param planOrNull               the plan between them, whose step estimates say how many rows move; null before planning
     * @param rowsBeforeByShardOrEmpty rows on each shard now, of the tables the plan moves; empty when not counted
     */
    public void show(Topology before, Topology after, ReshardingPlan planOrNull, Map<String, Long> rowsBeforeByShardOrEmpty) {
        DiffReport report = DiffReport.of(before, after, planOrNull, rowsBeforeByShardOrEmpty);
        legendRows.setAll(report.legend());
        moveRows.setAll(report.moves());
        title.set(report.title());
        subtitle.set(report.subtitle());
        summary.set(report.summary());
        diagram.set(report.diagram());
    }

    /** One row per shard of either topology, then the totals row. */
    public ObservableList<LegendRow> legendRows() {
        return legendView;
    }

    /** One row per source → target pair. */
    public ObservableList<MoveRow> moveRows() {
        return movesView;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty subtitleProperty() {
        return subtitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What the ring view draws; null until {@link #show} is called. */
    public ReadOnlyObjectProperty<RingDiagram> diagramProperty() {
        return diagram.getReadOnlyProperty();
    }
}
