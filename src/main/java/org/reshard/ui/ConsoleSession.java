package org.reshard.ui;

import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.reshard.common.Result;
import org.reshard.observe.Telemetry;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.SqliteStateStore;
import org.reshard.topology.Topology;
import org.reshard.ui.common.Background;
import org.reshard.ui.common.ConsoleLog;
import org.reshard.ui.common.ConsolePreferences;
import org.reshard.ui.common.UiExecutor;
import org.reshard.workflow.ReshardingOrchestrator;

/**
 * What every screen of one console window shares: the state store and orchestrator, telemetry, the
 * loaded topologies and plan, background work, preferences and the log feed.
 */
public final class ConsoleSession implements AutoCloseable {

    private final ConsoleSettings settings;
    private final Background background;
    private final ConsolePreferences preferences;
    private final ConsoleLog log;
    private final Telemetry telemetry;
    private final SqliteStateStore store;
    private final ReshardingOrchestrator orchestrator;
    private final ReadOnlyStringWrapper readOnlyReason = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Topology> current = new SimpleObjectProperty<>();
    private final ObjectProperty<Topology> target = new SimpleObjectProperty<>();
    private final ObjectProperty<ReshardingPlan> plan = new SimpleObjectProperty<>();
    private final BooleanProperty running = new SimpleBooleanProperty();

    public ConsoleSession(ConsoleSettings settings, UiExecutor ui, Telemetry telemetry) {
        this.settings = settings;
        this.background = new Background(ui);
        this.preferences = ConsolePreferences.load(settings.preferencesFile());
        this.log = ConsoleLog.attach();
        this.telemetry = telemetry;
        SqliteStateStore opened;
        switch (SqliteStateStore.open(settings.stateFile())) {
            case Result.Ok<SqliteStateStore> ok -> opened = ok.value();
            case Result.Failure<SqliteStateStore> failure -> {
                // Another process (a `reshard run`) holds the file: watch it read-only rather than fail.
                readOnlyReason.set(failure.error().message());
                opened = SqliteStateStore.openReadOnly(settings.stateFile()).orElseThrow();
            }
        }
        this.store = opened;
        this.orchestrator = new ReshardingOrchestrator(store, telemetry);
    }

    public ConsoleSettings settings() {
        return settings;
    }

    public Background background() {
        return background;
    }

    public ConsolePreferences preferences() {
        return preferences;
    }

    public ConsoleLog log() {
        return log;
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public SqliteStateStore store() {
        return store;
    }

    public ReshardingOrchestrator orchestrator() {
        return orchestrator;
    }

    /** Empty when the console may start and change operations; otherwise why it is read-only. */
    public ReadOnlyStringProperty readOnlyReasonProperty() {
        return readOnlyReason.getReadOnlyProperty();
    }

    public boolean readOnly() {
        return !readOnlyReason.get().isEmpty();
    }

    public ObjectProperty<Topology> currentTopologyProperty() {
        return current;
    }

    public ObjectProperty<Topology> targetTopologyProperty() {
        return target;
    }

    public ObjectProperty<ReshardingPlan> planProperty() {
        return plan;
    }

    /** True while this window runs an operation (execute, resume or rollback). */
    public BooleanProperty runningProperty() {
        return running;
    }

    public Optional<Topology> current() {
        return Optional.ofNullable(current.get());
    }

    public Optional<Topology> target() {
        return Optional.ofNullable(target.get());
    }

    @Override
    public void close() {
        background.close();
        log.detach();
        store.close();
    }
}
