package org.reshard.ui.start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.common.Moments;
import org.reshard.common.Result;
import org.reshard.demo.DemoWorkspace;
import org.reshard.demo.DemoWorkspaceBuilder;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.common.ConsolePreferences.Workspace;
import org.reshard.ui.common.WorkspaceLoader;
import org.reshard.workflow.OperationProgress;

/**
 * The start screen: interrupted operations first (resume, inspect, roll back), then recent
 * workspaces and the demo workspace, created on first use.
 */
public final class StartViewModel {

    private final ConsoleSession session;
    private final ObservableList<OperationCard> interrupted = FXCollections.observableArrayList();
    private final ObservableList<OperationCard> waiting = FXCollections.observableArrayList();
    private final ObservableList<Workspace> recent = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");

    public StartViewModel(ConsoleSession session) {
        this.session = session;
    }

    /** What the demo workspace holds, beside its button. */
    public String demoDescription() {
        return String.format(Locale.ROOT, "Three local SQLite shards with %,d realistic orders, a current topology"
                + " with 2 shards and a target with 3. Everything runs on this machine.", session.settings().demoRows());
    }

    public ObservableList<OperationCard> interrupted() {
        return interrupted;
    }

    /** Operations after their cutover, waiting out the retention before the cleanup: not interrupted. */
    public ObservableList<OperationCard> waiting() {
        return waiting;
    }

    public ObservableList<Workspace> recent() {
        return recent;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** Reloads interrupted operations and recent workspaces. */
    public void refresh() {
        recent.setAll(session.preferences().recent());
        session.background().run(() -> session.store().listActive(), result -> {
            switch (result) {
                case Result.Ok<List<ReshardingState>> ok -> {
                    Instant now = Instant.now();
                    List<OperationCard> cards = ok.value().stream().map(s -> card(s, now, ZoneId.systemDefault())).toList();
                    waiting.setAll(cards.stream().filter(OperationCard::waiting).toList());
                    interrupted.setAll(cards.stream().filter(c -> !c.waiting()).toList());
                }
                case Result.Failure<List<ReshardingState>> failure -> error.set(failure.error().message());
            }
        }, e -> error.set(e.getMessage()));
    }

    static OperationCard card(ReshardingState state, Instant now, ZoneId zone) {
        OperationProgress progress = OperationProgress.of(state, "", 0);
        boolean published = state.publishedVersion() != null || state.phase() == ReshardingPhase.CLEANING_UP;
        boolean waiting = state.phase() == ReshardingPhase.CLEANING_UP && state.failure() == null && state.cleanupNotBefore() != null
                && now.isBefore(state.cleanupNotBefore());
        return new OperationCard(state.id(), state.phase().label(), Moments.local(state.createdAt(), now, zone),
                progress.overallPercent(), state.failure() == null ? null : state.failure().code(), !published,
                waiting ? Moments.relative(state.cleanupNotBefore(), now, zone) : null);
    }

    /** Opens the demo workspace, creating it first when it does not exist; {@code then} runs once it is loaded. */
    public void openDemo(Runnable then) {
        Path dir = session.settings().demoDir();
        boolean exists = DemoWorkspace.existsIn(dir);
        busy.set(true);
        error.set("");
        message.set(exists ? "Opening the demo workspace…" : String.format(java.util.Locale.ROOT,
                "Creating the demo workspace: SQLite shards with %,d orders…", session.settings().demoRows()));
        session.background().run(() -> {
            if (!exists) {
                new DemoWorkspaceBuilder(dir, session.settings().demoRows(), false).build().orElseThrow();
            }
            return new Workspace(dir.resolve(DemoWorkspace.OLD_TOPOLOGY), dir.resolve(DemoWorkspace.NEW_TOPOLOGY));
        }, workspace -> open(workspace, then), this::failed);
    }

    /** Loads both topology files of a workspace into the session. */
    public void open(Workspace workspace, Runnable then) {
        busy.set(true);
        error.set("");
        message.set("Loading " + workspace.current().getFileName() + " and " + workspace.target().getFileName() + "…");
        session.background().run(() -> {
            if (!Files.exists(workspace.current()) || !Files.exists(workspace.target())) {
                throw new IllegalStateException("the files of this workspace are gone: " + workspace.label());
            }
            return WorkspaceLoader.load(workspace.current(), workspace.target());
        }, result -> {
            busy.set(false);
            message.set("");
            switch (result) {
                case Result.Ok<WorkspaceLoader.Loaded> ok -> {
                    session.currentTopologyProperty().set(ok.value().current());
                    session.targetTopologyProperty().set(ok.value().target());
                    session.preferences().opened(workspace);
                    recent.setAll(session.preferences().recent());
                    then.run();
                }
                case Result.Failure<WorkspaceLoader.Loaded> failure ->
                        error.set(String.join("\n", WorkspaceLoader.lines(failure.error())));
            }
        }, this::failed);
    }

    private void failed(Throwable e) {
        busy.set(false);
        message.set("");
        error.set(e instanceof org.reshard.common.ReshardException r ? r.error().describe() : String.valueOf(e.getMessage()));
    }
}
