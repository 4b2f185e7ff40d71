package org.reshard.ui.query;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
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
import org.reshard.common.Redaction;
import org.reshard.common.Result;
import org.reshard.query.Page;
import org.reshard.query.QueryListener;
import org.reshard.query.ShardScope;
import org.reshard.query.QueryRequest;
import org.reshard.query.QueryResult;
import org.reshard.query.QueryWarning;
import org.reshard.query.ResultColumn;
import org.reshard.query.ResultCsv;
import org.reshard.query.ResultJson;
import org.reshard.query.ResultMode;
import org.reshard.query.ShardStatement;
import org.reshard.query.RunningQuery;
import org.reshard.query.ShardReport;
import org.reshard.state.ReshardingState;
import org.reshard.topology.Topology;
import org.reshard.ui.ConsoleSession;

/**
 * The query editor's logic: which topology and shards a query runs on (for "Current topology", the
 * registry's active version, read off the UI thread), its options, the running query (started on the
 * engine's threads, never the UI thread), the merged rows, each shard's status, the banners for the
 * topology, refusals, partial results and warnings, export, and the persistent history.
 */
public final class QueryViewModel implements AutoCloseable {

    /** Which topology the editor queries: the registry's active one ("current"), or the loaded target. */
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
    private final ReadOnlyObjectWrapper<ActiveTopology> active = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<QueryMessage> topologyNotice = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper subtitle = new ReadOnlyStringWrapper("");
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
    private final ReadOnlyObjectWrapper<QueryMessage> warnings = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<QueryResult> lastResult = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper explain = new ReadOnlyStringWrapper("");
    private final BooleanBinding canRun;
    /** Where the banners' times are told: the operator's clock. */
    private final ZoneId zone = ZoneId.systemDefault();
    private TopologyQueries queries;
    private RunningQuery runningQuery;
    private long generation;
    private final IntegerProperty page = new SimpleIntegerProperty(1);
    private final BooleanProperty hasNextPage = new SimpleBooleanProperty();
    private Paged last;
    /** Counts changes of the loaded topologies, so a registry read started before one is not taken for the new workspace. */
    private long workspace;
    private long activeWorkspace = -1;
    private boolean reading;
    private boolean readAgain;

    public QueryViewModel(ConsoleSession session) {
        this.session = session;
        this.store = QueryHistory.load(session.settings().queryHistoryFile());
        options.memoryProperty().set(session.settings().queryMemory());
        history.setAll(store.entries());
        canRun = Bindings.createBooleanBinding(() -> !running.get() && options.validProperty().get() && topology.get() != null
                && shards.stream().anyMatch(c -> c.selectedProperty().get()), running, options.validProperty(), topology, shards);
        subtitle.bind(Bindings.createStringBinding(this::subtitleText, topology, active, target, shards, writesUnlocked));
        target.addListener((o, a, b) -> follow());
        session.currentTopologyProperty().addListener((o, a, b) -> {
            // Another workspace: its registry decides, and until it has answered nothing runs on the old one.
            workspace++;
            active.set(null);
            follow();
            refreshActive();
        });
        session.targetTopologyProperty().addListener((o, a, b) -> {
            workspace++;
            follow();
            refreshActive();
        });
        // Operations publish topologies: look again when one starts or ends in this window.
        session.runningProperty().addListener((o, a, b) -> refreshActive());
        follow();
        refreshActive();
    }

    /**
     * Reads the registry's active version (and the operations of the state file) off the UI thread and moves
     * "Current topology" to it. Called when the workspace changes, when an operation changes phase, when the
     * screen shows and while it shows; reads never overlap, a request during one reads again after it.
     */
    public void refreshActive() {
        if (reading) {
            readAgain = true;
            return;
        }
        Topology current = session.current().orElse(null);
        if (current == null) {
            active.set(null);
            follow();
            return;
        }
        Topology loadedTarget = session.target().orElse(null);
        long asked = workspace;
        ActiveTopology previous = activeWorkspace == asked ? active.get() : null;
        reading = true;
        session.background().run(() -> ActiveTopologies.resolve(current, loadedTarget, previous, ActiveTopologies.REGISTRY, operations()),
                found -> read(asked, found),
                error -> read(asked, new ActiveTopology.Unreadable(current, "the registry " + Redaction.maskUrl(current.registryUrl())
                        + " cannot be read: " + error.getMessage())));
    }

    private List<ReshardingState> operations() {
        return switch (session.store().list()) {
            case Result.Ok<List<ReshardingState>> ok -> ok.value();
            // Without the state file the banner cannot name the operation; the registry still decides the topology.
            case Result.Failure<List<ReshardingState>> failed -> List.of();
        };
    }

    private void read(long asked, ActiveTopology found) {
        reading = false;
        if (asked == workspace) {
            activeWorkspace = asked;
            active.set(found);
            follow();
        }
        if (readAgain || asked != workspace) {
            readAgain = false;
            refreshActive();
        }
    }

    private void follow() {
        Topology chosen = switch (target.get()) {
            case CURRENT -> active.get() == null ? null : active.get().topology();
            case TARGET -> session.target().orElse(null);
        };
        if (chosen != topology.get()) {
            topology.set(chosen);
            shards.setAll(chosen == null ? List.of() : chosen.shardIds().stream().map(ShardChoice::new).toList());
        }
        topologyNotice.set(TopologyNotice.of(active.get(), target.get(), session.current().orElse(null), session.target().orElse(null), zone)
                .orElse(null));
    }

    private String subtitleText() {
        Topology on = topology.get();
        if (on == null) {
            return target.get() == Target.CURRENT && session.current().isPresent()
                    ? "Reading the topology registry for the active topology…"
                    : "No " + target.get().toString().toLowerCase() + " loaded — open the demo on the Start screen or a topology file on Topologies.";
        }
        String source = switch (target.get()) {
            case CURRENT -> switch (active.get()) {
                case ActiveTopology.Registered registered -> "the registry's active topology (version " + registered.version() + ")";
                case ActiveTopology.Unregistered unregistered -> "the loaded current topology (the registry holds none yet)";
                case ActiveTopology.Unreadable unreadable -> "the loaded current topology (registry unreadable)";
                case null -> "";
            };
            case TARGET -> active.get() instanceof ActiveTopology.Registered registered && registered.topology() == on
                    ? "the target topology, now the registry's active one (version " + registered.version() + ")"
                    : "the target topology";
        };
        long chosen = shards.stream().filter(c -> c.selectedProperty().get()).count();
        return "On " + on.name() + ", " + source + " · " + chosen + " of " + shards.size() + " shards · "
                + (writesUnlocked.get() ? "writes unlocked" : "read-only");
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
        QueryRequest request = QueryRequest.of(statement)
                .withShards(chosen.size() == shards.size() ? List.of() : chosen)
                .withMaxParallelism(options.parallelismValue())
                .withTimeout(options.timeoutValue())
                .withMemoryBytes(options.memoryValue())
                .withPartialResults(options.partialResultsProperty().get())
                .withWritesAllowed(writesUnlocked.get())
                .withMode(options.rawRowsProperty().get() ? ResultMode.RAW : ResultMode.MERGED);
        last = new Paged(statement, request, on, chosen, limit);
        execute(last, 1);
    }

    /** Shows the next page of the last query's rows (the row limit is the page size); runs the query again. */
    public void nextPage() {
        if (last != null && hasNextPage.get() && !running.get()) {
            execute(last, page.get() + 1);
        }
    }

    /** Shows the previous page of the last query's rows; runs the query again. */
    public void previousPage() {
        if (last != null && page.get() > 1 && !running.get()) {
            execute(last, page.get() - 1);
        }
    }

    /** What a page of the last query needs again: the statement as run, its request without a page, where, how many rows a page. */
    private record Paged(String statement, QueryRequest request, Topology on, List<String> chosen, int limit) {
    }

    /**
     * Runs page {@code number}: the first {@code number × limit + 1} merged rows, of which the grid shows the last
     * page; the one row more tells whether there is a next page. (Each shard fetches that many rows in any case to
     * merge a page.) Only page 1 goes into the history.
     */
    private void execute(Paged query, int number) {
        QueryRequest request = query.request().withPage(new Page(1, number * query.limit() + 1));
        long run = ++generation;
        page.set(number);
        hasNextPage.set(false);
        columns.clear();
        rows.clear();
        lastResult.set(null);
        explain.set("");
        message.set(null);
        warnings.set(null);
        notice.set("");
        summary.set("Running on " + query.chosen().size() + (query.chosen().size() == 1 ? " shard…" : " shards…"));
        shardStatus.setAll(query.chosen().stream().map(ShardStatusRow::waiting).toList());
        running.set(true);
        Topology on = query.on();
        if (queries == null || !queries.serves(on)) {
            closeQueries();
            queries = new TopologyQueries(on, session.telemetry());
        }
        runningQuery = queries.start(request, listener(run));
        runningQuery.result().thenAccept(result -> onUi(run, () -> finished(query.statement(), on, result, query.limit(), number)));
    }

    private QueryListener listener(long run) {
        return new QueryListener() {
            @Override
            public void shardsChosen(ShardScope scope) {
                String why = "not needed: " + scope.describe();
                onUi(run, () -> shardStatus.replaceAll(row -> row.state() == ShardState.WAITING && !scope.shards().contains(row.shardId())
                        ? row.skipped(why) : row));
            }

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

    private void finished(String statement, Topology on, Result<QueryResult> result, int limit, int number) {
        running.set(false);
        runningQuery = null;
        String outcome = switch (result) {
            case Result.Ok<QueryResult> ok -> show(ok.value(), limit, on, number);
            case Result.Failure<QueryResult> failed -> {
                message.set(QueryMessage.of(failed.error()));
                summary.set("No result");
                shardStatus.replaceAll(row -> row.state() == ShardState.WAITING || row.state() == ShardState.RUNNING
                        ? new ShardStatusRow(row.shardId(), ShardState.FAILED, 0, Duration.ZERO, "stopped: " + failed.error().code().code()) : row);
                yield failed.error().code().code();
            }
        };
        if (number > 1) {
            return;
        }
        HistoryEntry entry = new HistoryEntry(statement, Instant.now(), on.name(), outcome);
        store.add(entry);
        history.setAll(store.entries());
    }

    /**
     * The line over the results: the rows shown, which shards ran and why ({@link org.reshard.query.ShardScope#describe()}),
     * on which topology, and the slowest shard's time.
     */
    static String summary(QueryResult result, int shown, boolean truncated, String topologyName) {
        String count = String.format("%,d %s", shown, shown == 1 ? "row" : "rows");
        long millis = result.shards().stream().mapToLong(r -> r.elapsed().toMillis()).max().orElse(0);
        int failed = result.failedShards().size();
        return (truncated ? "First " + count : count) + " from " + result.scope().describe() + (failed == 0 ? "" : " (" + failed + " failed)")
                + " · on " + topologyName + " · slowest shard " + millis + " ms"
                + (result.mode() == ResultMode.RAW ? " · raw per-shard rows, not merged" : "")
                + (result.mode() == ResultMode.FEDERATED ? " · federated" : "");
    }

    /** The Explain tab: which path answered and the SQL each shard ran. */
    static String explain(QueryResult result) {
        StringBuilder text = new StringBuilder("Answered: ").append(switch (result.mode()) {
            case MERGED -> "merged on the fly (each shard's rows merged as they stream)";
            case FEDERATED -> "federated (Apache Calcite joined, windowed or combined the shards' owned rows)";
            case RAW -> "raw per-shard rows";
        }).append('\n');
        for (ShardStatement statement : result.statements()) {
            text.append("\n-- ").append(statement.shardId()).append('\n').append(statement.sql().strip()).append(";\n");
        }
        return text.toString();
    }

    /** The Explain tab's text for the last result. */
    public ReadOnlyStringProperty explainProperty() {
        return explain.getReadOnlyProperty();
    }

    private String show(QueryResult result, int limit, Topology on, int number) {
        int from = Math.min(result.rows().size(), (number - 1) * limit);
        List<List<Object>> shown = result.rows().subList(from, Math.min(result.rows().size(), number * limit));
        QueryResult kept = result.withRows(shown, Optional.empty());
        columns.setAll(result.columns());
        rows.setAll(shown);
        lastResult.set(kept);
        explain.set(explain(result));
        shardStatus.setAll(result.shards().stream().map(ShardStatusRow::of).toList());
        String count = String.format("%,d %s", shown.size(), shown.size() == 1 ? "row" : "rows");
        boolean truncated = result.rows().size() > number * limit;
        hasNextPage.set(truncated);
        summary.set((number > 1 ? String.format(Locale.ROOT, "Page %d, rows %,d–%,d · ", number, from + 1, from + shown.size()) : "")
                + summary(result, shown.size(), truncated, on.name()));
        warnings.set(WarningBanner.of(result.warnings()).orElse(null));
        if (result.warnings().stream().anyMatch(w -> w.code().equals(QueryWarning.STALE_TOPOLOGY))) {
            // The engine saw a newer active version than the editor: follow it for the next query.
            refreshActive();
        }
        if (result.partial()) {
            StringBuilder text = new StringBuilder("These rows leave out the failed shards, so counts and sums are too low:");
            result.failedShards().forEach(r -> text.append("\n• ").append(r.shardId()).append(": ").append(r.error().code().code())
                    .append(": ").append(EditorWording.of(r.error().message())));
            message.set(new QueryMessage(QueryMessage.Kind.WARNING, "Partial result: " + result.failedShards().size() + " of "
                    + result.shards().size() + " shards failed", text.toString()));
        } else if (truncated) {
            message.set(new QueryMessage(QueryMessage.Kind.INFO, "More rows than the row limit",
                    "The grid shows " + (number == 1 ? "the first " + String.format("%,d", limit) + " rows"
                            : String.format(Locale.ROOT, "rows %,d–%,d", from + 1, from + shown.size()))
                            + "; Next page (Alt+N) shows the next " + String.format("%,d", limit)
                            + ", or raise the Row limit option to see more at once."));
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

    /** The topology the next query runs on; null while the registry is being read or nothing is loaded. */
    public ReadOnlyObjectProperty<Topology> topologyProperty() {
        return topology.getReadOnlyProperty();
    }

    /** What "Current topology" means now; null until the registry has been read. */
    public ReadOnlyObjectProperty<ActiveTopology> activeProperty() {
        return active.getReadOnlyProperty();
    }

    /** The banner saying which topology queries run on and why; null hides it. */
    public ReadOnlyObjectProperty<QueryMessage> topologyNoticeProperty() {
        return topologyNotice.getReadOnlyProperty();
    }

    /** "On orders-v2, the registry's active topology (version 2) · 3 of 3 shards · read-only". */
    public ReadOnlyStringProperty subtitleProperty() {
        return subtitle.getReadOnlyProperty();
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

    /** The page of the last query's rows the grid shows, from 1. */
    public IntegerProperty pageProperty() {
        return page;
    }

    /** True when the last query has rows after the shown page. */
    public BooleanProperty hasNextPageProperty() {
        return hasNextPage;
    }

    /** A short note beside the summary, e.g. where an export was saved. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The banner's content; null hides it. */
    public ReadOnlyObjectProperty<QueryMessage> messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The last result's warnings, one line each; null hides the banner. */
    public ReadOnlyObjectProperty<QueryMessage> warningsProperty() {
        return warnings.getReadOnlyProperty();
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
