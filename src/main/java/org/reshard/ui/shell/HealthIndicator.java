package org.reshard.ui.shell;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.reshard.observe.HealthReport;
import org.reshard.observe.HealthStatus;
import org.reshard.observe.ReshardingHealthCheck;
import org.reshard.topology.Topology;
import org.reshard.ui.ConsoleSession;

/**
 * The status bar's health light: the same check as {@code reshard health}, run off the UI thread; it also looks for
 * orphan replication slots on the shards of the topologies loaded in the window.
 */
public final class HealthIndicator {

    private final ConsoleSession session;
    private final ObjectProperty<HealthStatus> status = new SimpleObjectProperty<>(HealthStatus.HEALTHY);
    private final StringProperty text = new SimpleStringProperty("Health: checking…");

    public HealthIndicator(ConsoleSession session) {
        this.session = session;
    }

    public void check() {
        List<Topology> loaded = Stream.of(session.currentTopologyProperty().get(), session.targetTopologyProperty().get())
                .filter(Objects::nonNull).toList();
        session.background().run(() -> new ReshardingHealthCheck(session.store(), ReshardingHealthCheck.DEFAULT_MAX_DURATION,
                Duration.ofSeconds(10), java.time.Clock.systemUTC(), loaded).check(), this::show, e -> text.set("Health: " + e.getMessage()));
    }

    private void show(HealthReport report) {
        status.set(report.status());
        text.set(report.status().label() + ": " + report.description());
    }

    public ObjectProperty<HealthStatus> statusProperty() {
        return status;
    }

    public StringProperty textProperty() {
        return text;
    }
}
