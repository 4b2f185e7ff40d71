package org.reshard.ui.query;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.common.Result;
import org.reshard.query.Page;
import org.reshard.query.QueryListener;
import org.reshard.query.QueryRequest;
import org.reshard.query.QueryResult;
import org.reshard.query.ResultColumn;
import org.reshard.query.ResultCsv;
import org.reshard.query.ResultJson;
import org.reshard.query.ResultMode;
import org.reshard.query.RunningQuery;
import org.reshard.query.ShardReport;
import org.reshard.topology.Topology;
import org.reshard.ui.ConsoleSession;

/**
 * The query editor's logic: which topology and shards a query runs on, its options, the running query
 * (started on the engine's threads, never the UI thread), the merged rows, each shard's status, the
 * banner for refusals and partial results, export, and the persistent history.
 */
public final class QueryViewModel implements AutoCloseable {

    /** Which of the loaded topologies the editor queries. */
    public enum Target {
        CURRENT("Current topology"), TARGET("Target topology");

        private final String label;

        Target(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Export file formats. */
    public enum ExportFormat { CSV, JSON }

    static final String SAMPLE = """
            -- Ctrl+Enter runs the statement at the caret (or the selection) on every chosen shard.
            SELECT status, count(*) AS orders, sum(total) AS revenue, avg(total) AS average_order
            FROM orders
            GROUP BY status
            ORDER BY orders DESC;
            """;

    private final ConsoleSession session;
    private final QueryHistory store;
    private final StringProperty sql = new SimpleStringProperty(SAMPLE);
    private final IntegerProperty caret = new SimpleIntegerProperty();
    private final StringProperty selection = new SimpleStringProperty("");
    private final ObjectProperty<Target> target = new SimpleObjectProperty<>(Target.CURRENT);
    private final ReadOnlyObjectWrapper<Topology> topology = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ShardChoice> shards = FXCollections.observableArrayList(c -> new javafx.beans.Observable[] {c.selectedProperty()});
    private final QueryOptions options = new QueryOptions();
    private final BooleanProperty writesUnlocked = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ObservableList<ResultColumn> columns = FXCollections.observableArrayList();
    private final ObservableList<List<Object>> rows = FXCollections.observableArrayList();
    private final ObservableList<ShardStatusRow> shardStatus = FXCollections.observableArrayList();
    private final ObservableList<HistoryEntry> history = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<QueryMessage> message = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<QueryResult> lastResult = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding canRun;
    private TopologyQueries queries;
    private RunningQuery runningQuery;
    private long generation;

    public QueryViewModel(ConsoleSession session) {
        this.session = session;
        this.store = QueryHistory.load(session.settings().queryHistoryFile());
        history.setAll(store.entries());
        canRun = Bindings.createBooleanBinding(() -> !running.get() && options.validProperty().get() && topology.get() != null
                && shards.stream().anyMatch(c -> c.selectedProperty().get()), running, options.validProperty(), topology, shards);
        target.addListener((o, a, b) -> follow());
        session.currentTopologyProperty().addListener((o, a, b) -> follow());
        session.targetTopologyProperty().addListener((o, a, b) -> follow());
        follow();
    }

    private void follow() {
        Topology chosen = target.get() == Target.CURRENT ? session.current().orElse(null) : session.target().orElse(null);
        if (chosen == topology.get()) {
            return;
        }
        topology.set(chosen);
        shards.setAll(chosen == null ? List.of() : chosen.shardIds().stream().map(ShardChoice::new).toList());
    }

    /** Runs the selection when there is one, else the statement at the caret (what Ctrl+Enter does). */
    public void runCurrent() {
        String selected = selection.get() == null ? "" : selection.get().strip();
        run(selected.isEmpty() ? SqlStatements.at(sql.get(), caret.get()) : withoutFinalSemicolon(selected));
    }

    private static String withoutFinalSemicolon(String statement) {
        return statement.endsWith(";") ? statement.substring(0, statement.length() - 1).strip() : statement;
    }

    /**
     * Runs one statement on the chosen shards; returns at once. The rows, shard statuses and banner
     * follow on the UI thread as the shards answer.
     */
    public void run(String statement) {
        if (!canRun.get()) {
            return;
        }
        if (statement.isBlank()) {
            message.set(new QueryMessage(QueryMessage.Kind.INFO, "Nothing to run",
                    "Put the caret in a statement or select the SQL to run, then press Ctrl+Enter."));
            return;
        }
        Topology on = topology.get();
        List<String> chosen = shards.stream().filter(c -> c.selectedProperty().get()).map(ShardChoice::id).toList();
        int limit = options.rowLimitValue();
        // One row more than the limit tells whether the grid shows everything.
        QueryRequest request = QueryRequest.of(statement)
                .withShards(chosen.size() == shards.size() ? List.of() : chosen)
                .withMaxParallelism(options.parallelismValue())
                .withTimeout(options.timeoutValue())
                .withPartialResults(options.partialResultsProperty().get())
                .withWritesAllowed(writesUnlocked.get())
                .withMode(options.rawRowsProperty().get() ? ResultMode.RAW : ResultMode.MERGED)
                .withPage(new Page(1, limit + 1));
        long run = ++generation;
        columns.clear();
        rows.clear();
        lastResult.set(null);
        message.set(null);
        notice.set("");
        summary.set("Running on " + chosen.size() + (chosen.size() == 1 ? " shard…" : " shards…"));
        shardStatus.setAll(chosen.stream().map(ShardStatusRow::waiting).toList());
        running.set(true);
        if (queries == null || !queries.serves(on)) {
            closeQueries();
            queries = new TopologyQueries(on, session.telemetry());
        }
        runningQuery = queries.start(request, listener(run));
        runningQuery.result().thenAccept(result -> onUi(run, () -> finished(statement, on, result, limit)));
    }

    private QueryListener listener(long run) {
        return new QueryListener() {
            @Override
            public void shardStarted(String shardId) {
                onUi(run, () -> replace(shardId, row -> row.running()));
            }

            @Override
            public void shardFinished(ShardReport report) {
                onUi(run, () -> replace(report.shardId(), row -> ShardStatusRow.of(report)));
            }
        };
    }

    private void replace(String shardId, java.util.function.UnaryOperator<ShardStatusRow> change) {
        for (int i = 0; i < shardStatus.size(); i++) {
            if (shardStatus.get(i).shardId().equals(shardId)) {
                shardStatus.set(i, change.apply(shardStatus.get(i)));
            }
        }
    }

    /** Late events of a query the operator has since replaced are dropped. */
    private void onUi(long run, Runnable update) {
        session.background().ui().execute(() -> {
            if (run == generation) {
                update.run();
            }
        });
    }

    private void finished(String statement, Topology on, Result<QueryResult> result, int limit) {
        running.set(false);
        runningQuery = null;
        String outcome = switch (result) {
            case Result.Ok<QueryResult> ok -> show(ok.value(), limit);
            case Result.Failure<QueryResult> failed -> {
                message.set(QueryMessage.of(failed.error()));
                summary.set("No result");
                shardStatus.replaceAll(row -> row.state() == ShardState.WAITING || row.state() == ShardState.RUNNING
                        ? new ShardStatusRow(row.shardId(), ShardState.FAILED, 0, Duration.ZERO, "stopped: " + failed.error().code().code()) : row);
                yield failed.error().code().code();
            }
        };
        HistoryEntry entry = new HistoryEntry(statement, Instant.now(), on.name(), outcome);
        store.add(entry);
        history.setAll(store.entries());
    }

    private String show(QueryResult result, int limit) {
        List<List<Object>> shown = result.rows().size() > limit ? result.rows().subList(0, limit) : result.rows();
        QueryResult kept = result.withRows(shown, Optional.empty());
        columns.setAll(result.columns());
        rows.setAll(shown);
        lastResult.set(kept);
        shardStatus.setAll(result.shards().stream().map(ShardStatusRow::of).toList());
        long millis = result.shards().stream().mapToLong(r -> r.elapsed().toMillis()).max().orElse(0);
        String count = String.format("%,d %s", shown.size(), shown.size() == 1 ? "row" : "rows");
        String from = " from " + (result.shards().size() - result.failedShards().size()) + " of " + result.shards().size() + " shards";
        boolean truncated = result.rows().size() > limit;
        summary.set((truncated ? "First " + count : count) + from + " · slowest shard " + millis + " ms"
                + (result.mode() == ResultMode.RAW ? " · raw per-shard rows, not merged" : ""));
        if (result.partial()) {
            StringBuilder text = new StringBuilder("These rows leave out the failed shards, so counts and sums are too low:");
            result.failedShards().forEach(r -> text.append("\n• ").append(r.shardId()).append(": ").append(r.error().code().code())
                    .append(": ").append(EditorWording.of(r.error().message())));
            message.set(new QueryMessage(QueryMessage.Kind.WARNING, "Partial result: " + result.failedShards().size() + " of "
                    + result.shards().size() + " shards failed", text.toString()));
        } else if (truncated) {
            message.set(new QueryMessage(QueryMessage.Kind.INFO, "More rows than the row limit",
                    "The grid shows the first " + String.format("%,d", limit) + " rows; raise the Row limit option to see more."));
        }
        return (truncated ? "over " : "") + count + (result.partial() ? ", partial" : "");
    }

    /** Stops every shard's statement; the banner then says the query was cancelled. */
    public void cancel() {
        if (runningQuery != null) {
            runningQuery.cancel();
        }
    }

    /** Writes the shown result to the file off the UI thread; {@code done} gets null or the failure's message. */
    public void export(Path file, ExportFormat format, Consumer<String> done) {
        QueryResult result = lastResult.get();
        if (result == null) {
            done.accept("There is no result to export; run a query first.");
            return;
        }
        session.background().run(() -> {
            write(result, file, format);
            return file;
        }, saved -> {
            notice.set(String.format("Saved %,d rows to %s", result.rows().size(), saved));
            done.accept(null);
        }, error -> done.accept("Could not write " + file + ": " + error.getMessage() + " — choose a folder you can write to."));
    }

    static void write(QueryResult result, Path file, ExportFormat format) {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            switch (format) {
                case CSV -> ResultCsv.print(result, out);
                case JSON -> ResultJson.print(result, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts a past query back into the editor. */
    public void recall(HistoryEntry entry) {
        sql.set(entry.sql().strip() + "\n");
    }

    public void clearHistory() {
        store.clear();
        history.clear();
    }

    /** Selects every shard, or none. */
    public void selectAll(boolean selected) {
        shards.forEach(c -> c.selectedProperty().set(selected));
    }

    public StringProperty sqlProperty() {
        return sql;
    }

    /** The editor's caret, as an offset into {@link #sqlProperty()}. */
    public IntegerProperty caretProperty() {
        return caret;
    }

    /** The editor's selected text (empty when nothing is selected). */
    public StringProperty selectionProperty() {
        return selection;
    }

    public ObjectProperty<Target> targetProperty() {
        return target;
    }

    public ReadOnlyObjectProperty<Topology> topologyProperty() {
        return topology.getReadOnlyProperty();
    }

    public ObservableList<ShardChoice> shards() {
        return shards;
    }

    public QueryOptions options() {
        return options;
    }

    public BooleanProperty writesUnlockedProperty() {
        return writesUnlocked;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }

    public ObservableList<ResultColumn> columns() {
        return columns;
    }

    public ObservableList<List<Object>> rows() {
        return rows;
    }

    public ObservableList<ShardStatusRow> shardStatus() {
        return shardStatus;
    }

    public ObservableList<HistoryEntry> history() {
        return history;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** A short note beside the summary, e.g. where an export was saved. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The banner's content; null hides it. */
    public ReadOnlyObjectProperty<QueryMessage> messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<QueryResult> lastResultProperty() {
        return lastResult.getReadOnlyProperty();
    }

    private void closeQueries() {
        if (queries != null) {
            queries.close();
            queries = null;
        }
    }

    @Override
    public void close() {
        cancel();
        closeQueries();
    }
}
