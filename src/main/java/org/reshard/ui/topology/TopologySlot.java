package org.reshard.ui.topology;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.common.Result;
import org.reshard.shard.ShardInventory;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.ui.common.Background;
import org.reshard.ui.common.WorkspaceLoader;

/** One side of the topologies screen (current or target): its file, its problems, its shards. */
public final class TopologySlot {

    private final String role;
    private final ObjectProperty<Topology> topology;
    private final Background background;
    private final StringProperty file = new SimpleStringProperty("");
    private final StringProperty summary = new SimpleStringProperty("No topology loaded — open a file or drop one here.");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ObservableList<ShardRow> shards = FXCollections.observableArrayList();
    private final javafx.beans.property.ObjectProperty<java.util.Map<String, Long>> rowsByShard =
            new javafx.beans.property.SimpleObjectProperty<>(java.util.Map.of());

    TopologySlot(String role, ObjectProperty<Topology> topology, Background background) {
        this.role = role;
        this.topology = topology;
        this.background = background;
        topology.addListener((obs, old, loaded) -> showLoaded(loaded));
        showLoaded(topology.get());
    }

    public String role() {
        return role;
    }

    public StringProperty fileProperty() {
        return file;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public ObservableList<String> problems() {
        return problems;
    }

    public ObservableList<ShardRow> shards() {
        return shards;
    }

    /** Rows per shard over the topology's tables, once the shards answered (empty before). */
    public javafx.beans.property.ObjectProperty<java.util.Map<String, Long>> rowsByShardProperty() {
        return rowsByShard;
    }

    /** Loads a topology file; problems are listed with their JSON path instead of replacing the loaded one. */
    public void open(Path path) {
        file.set(path.toAbsolutePath().toString());
        summary.set("Loading " + path.getFileName() + "…");
        background.run(() -> new TopologyLoader().load(path), result -> {
            switch (result) {
                case Result.Ok<Topology> ok -> topology.set(ok.value());
                case Result.Failure<Topology> failure -> {
                    problems.setAll(WorkspaceLoader.lines(failure.error()));
                    summary.set(path.getFileName() + " is invalid: " + failure.error().details().size() + " problem"
                            + (failure.error().details().size() == 1 ? "" : "s") + " to fix");
                }
            }
        }, e -> problems.setAll(String.valueOf(e.getMessage())));
    }

    private void showLoaded(Topology loaded) {
        problems.clear();
        shards.clear();
        rowsByShard.set(java.util.Map.of());
        if (loaded == null) {
            return;
        }
        file.set(loaded.describeSource());
        summary.set(loaded.name() + ": " + loaded.shards().size() + " shards, " + strategy(loaded) + ", tables "
                + String.join(", ", loaded.tables().stream().map(t -> t.name()).toList()));
        refresh();
    }

    /** Checks every shard again: reachable, rows per table. */
    public void refresh() {
        Topology loaded = topology.get();
        if (loaded == null) {
            return;
        }
        shards.setAll(loaded.shards().stream().map(ShardRow::checking).toList());
        background.run(() -> ShardInventory.check(loaded), reports -> {
            if (topology.get() == loaded) {
                List<ShardRow> rows = reports.stream().map(ShardRow::of).toList();
                shards.setAll(rows);
                rowsByShard.set(ShardInventory.rowsByShard(reports));
            }
        }, e -> problems.setAll(String.valueOf(e.getMessage())));
    }

    private static String strategy(Topology topology) {
        return switch (topology.routing()) {
            case org.reshard.topology.Routing.HashRanges r -> r.equal() ? "equal hash ranges" : r.ranges().size() + " hash ranges";
            case org.reshard.topology.Routing.HashRing r -> "hash ring, " + r.virtualNodes() + " virtual nodes per shard";
        };
    }
}
