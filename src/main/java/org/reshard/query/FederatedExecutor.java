package org.reshard.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.Holder;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;

/**
 * Runs a read-only statement the streaming merge refuses through Apache Calcite over the chosen shards
 * ({@link FederationCatalog}): joins, subqueries, set operations and windows run in Calcite, filters, projections
 * and aggregates on the shards. The shards' statements stop on cancel and at the timeout; rows count against the
 * request's memory budget. A failed shard is left out, and named, when partial results are allowed (the default), as on
 * the merged path: the answer is then over the other shards' rows (an anti-join may keep rows the missing shard would
 * have removed), which the result's partial flag says.
 */
final class FederatedExecutor {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FederatedExecutor.class);

    private final ShardPools pools;
    private final ScheduledExecutorService timers;

    FederatedExecutor(ShardPools pools, ScheduledExecutorService timers) {
        this.pools = pools;
        this.timers = timers;
    }

    /**
     * Runs the statement over the shards. A shard that fails (unreachable, or rejecting its scan) is left out and the
     * statement runs again over the others when partial results are allowed; the answer is then marked partial and names
     * it. Without partial results the failure is {@code reshard.query.partial_failure} naming the shard.
     */
    Result<QueryResult> run(String sql, Topology topology, List<ShardSpec> shards, QueryRequest request, QueryControl control,
                            QueryListener listener) {
        ShardScope scope = ShardScope.all(shards.stream().map(ShardSpec::id).toList(), topology.shards().size());
        listener.shardsChosen(scope);
        shards.forEach(s -> listener.shardStarted(s.id()));
        ScheduledFuture<?> deadline = timers.schedule(() -> control.stop(StopReason.TIMEOUT), request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Semantics semantics = Semantics.of(shards);
        Map<String, ShardReport> failed = new LinkedHashMap<>();
        List<ShardSpec> asked = shards;
        try {
            while (true) {
                long start = System.nanoTime();
                FederatedShards sources = new FederatedShards(pools, asked, new MemoryBudget(request.memoryBytes()), request.fetchSize());
                Result<QueryResult> outcome = attempt(sql, topology, asked, semantics, sources, request, control, scope);
                Map<String, ShardReport> reports = reports(sources, outcome, asked, Duration.ofNanos(System.nanoTime() - start));
                List<ShardSpec> broken = outcome instanceof Result.Failure<QueryResult> && control.stopped() == null
                        ? asked.stream().filter(s -> sources.activity(s.id()).failure != null).toList() : List.of();
                if (broken.isEmpty()) {
                    reports.putAll(failed);
                    List<ShardReport> all = shards.stream().map(s -> reports.get(s.id())).toList();
                    all.forEach(listener::shardFinished);
                    List<ShardStatement> ran = statements(sources);
                    boolean partial = !failed.isEmpty();
                    return outcome.map(r -> new QueryResult(r.columns(), r.rows(), all, partial, ResultMode.FEDERATED, Optional.empty(), scope,
                            List.of(), ran));
                }
                broken.forEach(s -> failed.put(s.id(), reports.get(s.id())));
                List<ShardSpec> rest = asked.stream().filter(s -> !failed.containsKey(s.id())).toList();
                if (!request.allowPartialResults() || rest.isEmpty()) {
                    List<ShardReport> all = shards.stream().map(s -> failed.containsKey(s.id()) ? failed.get(s.id())
                            : new ShardReport(s.id(), 0, Duration.ZERO, null)).toList();
                    all.forEach(listener::shardFinished);
                    List<ShardReport> failures = List.copyOf(failed.values());
                    return Result.failure(rest.isEmpty() ? QueryErrors.everyShardFailed(failures) : QueryErrors.partialFailure(failures, shards.size()));
                }
                // Federated over the others: their rows only, as the merge answers without a failed shard's rows.
                LOG.debug("federated query runs again without {}", broken);
                asked = rest;
            }
        } finally {
            deadline.cancel(false);
        }
    }

    private Result<QueryResult> attempt(String sql, Topology topology, List<ShardSpec> shards, Semantics semantics, FederatedShards sources,
                                        QueryRequest request, QueryControl control, ShardScope scope) {
        MemoryBudget budget = sources.budget();
        control.onStop(sources::stopAll);
        try (FederationCatalog catalog = FederationCatalog.open(topology, shards, sources);
             Statement statement = catalog.connection().createStatement()) {
            control.onStop(() -> cancel(statement));
            try (Hook.Closeable check = Hook.CONVERTED.addThread((RelNode plan) -> ExactnessCheck.check(plan, semantics));
                 Hook.Closeable program = Hook.PROGRAM.addThread((Holder<Program> holder) -> holder.set(GroupingSetsExpansion.THEN_STANDARD))) {
                String text = federatedText(sql, semantics);
                return Result.ok(PostgresRewrite.during(catalog.connection(), text, semantics, catalog.timestamps(),
                        () -> read(statement, text, budget, scope)));
            }
        } catch (Exception | AssertionError | LinkageError | StackOverflowError e) {
            // Calcite checks its plans with assertions and compiles code per statement: such a failure fails the query, never hangs it.
            LOG.debug("federated query failed: {}", sql, e);
            return Result.failure(error(e, sql, sources, control, request));
        }
    }

    /**
     * The SQL each shard would run, from Calcite's plan without running it: Calcite announces each JDBC scan's SQL when
     * it implements the plan; a scan belongs to the shard whose ownership condition it carries, a reference table's to the
     * first shard.
     */
    Result<QueryExplain> explain(String sql, Topology topology, List<ShardSpec> shards, QueryRequest request) {
        FederatedShards sources = new FederatedShards(pools, shards, new MemoryBudget(request.memoryBytes()), request.fetchSize());
        List<String> scans = new ArrayList<>();
        try (FederationCatalog catalog = FederationCatalog.open(topology, shards, sources);
             Hook.Closeable check = Hook.CONVERTED.addThread((RelNode plan) -> ExactnessCheck.check(plan, Semantics.of(shards)));
             Hook.Closeable program = Hook.PROGRAM.addThread((Holder<Program> holder) -> holder.set(GroupingSetsExpansion.THEN_STANDARD));
             Hook.Closeable announced = Hook.QUERY_PLAN.addThread((Object scan) -> scans.add(String.valueOf(scan)))) {
            String text = federatedText(sql, Semantics.of(shards));
            PostgresRewrite.during(catalog.connection(), text, Semantics.of(shards), catalog.timestamps(), () -> {
                catalog.connection().prepareStatement(text).close();
                return null;
            });
            List<ShardStatement> statements = new ArrayList<>();
            for (String scan : scans) {
                String shard = catalog.ownership().entrySet().stream().filter(e -> e.getValue().appearsIn(scan))
                        .map(Map.Entry::getKey).findFirst().orElse(shards.getFirst().id());
                statements.add(new ShardStatement(shard, scan));
            }
            return Result.ok(new QueryExplain(ResultMode.FEDERATED, statements));
        } catch (Exception | AssertionError | LinkageError | StackOverflowError e) {
            return Result.failure(error(e, sql, sources, new QueryControl(request.timeout()), request));
        }
    }

    /** The statement as Calcite parses it: PostgreSQL's syntax it does not read written in forms it does. */
    private static String federatedText(String sql, Semantics semantics) {
        String postgres = PgCasts.rewrite(JsonOperators.rewrite(DistinctOn.rewrite(FederatedSql.prepare(sql))));
        String text = DateTimeSyntax.unquoteExtractFields(DateTimeSyntax.rewriteIntervals(postgres));
        if (semantics == Semantics.SQLITE) {
            JsonOperators.checkSqlite(text);
        }
        return text;
    }

    private static QueryResult read(Statement statement, String sql, MemoryBudget budget, ShardScope scope) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            JdbcValues values = JdbcValues.of(rs.getMetaData());
            List<String> pgNames = PostgresColumnNames.of(sql, FederationCatalog.parserConfig());
            List<DateTimeKind> kinds = PostgresRewrite.resultKinds();
            List<ResultColumn> columns = new ArrayList<>();
            for (int i = 0; i < values.columns().size(); i++) {
                ResultColumn column = values.columns().get(i);
                boolean unnamed = column.name().startsWith("EXPR$") && i < pgNames.size() && pgNames.get(i) != null;
                String name = unnamed ? pgNames.get(i) : column.name();
                DateTimeKind kind = i < kinds.size() ? kinds.get(i) : null;
                columns.add(kind == null ? new ResultColumn(name, column.type(), column.databaseType())
                        : new ResultColumn(name, kind.valueType(), kind.pgName()));
            }
            List<Integer> arrays = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                if (PgArrayText.isArray(rs.getMetaData().getColumnType(i), String.valueOf(rs.getMetaData().getColumnTypeName(i)))) {
                    arrays.add(i);
                }
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = values.read(rs);
                for (int i : arrays) {
                    // Calcite's arrays read as a Java list; PostgreSQL's (and the merge's) as array text.
                    Object array = rs.getObject(i);
                    row[i - 1] = array == null ? null : PgArrayText.of(array);
                }
                for (int i = 0; i < kinds.size() && i < row.length; i++) {
                    // Calcite returns a PostgreSQL date or timestamp as its bigint; the merge's value types are pgjdbc's.
                    if (kinds.get(i) != null && row[i] != null) {
                        row[i] = kinds.get(i).value(((Number) row[i]).longValue());
                    }
                }
                budget.add(48L + 16L * row.length, "the result");
                rows.add(Arrays.asList(row));
            }
            return new QueryResult(columns, rows, List.of(), false, ResultMode.FEDERATED, Optional.empty(), scope, List.of());
        }
    }

    private static ReshardError error(Throwable e, String sql, FederatedShards sources, QueryControl control, QueryRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MemoryBudget.TooLarge tooLarge) {
                return QueryErrors.tooLarge(tooLarge.what(), tooLarge.limit());
            }
        }
        if (control.stopped() == StopReason.TIMEOUT) {
            return QueryErrors.timeout("every", request.timeout());
        }
        if (control.stopped() == StopReason.CANCELLED) {
            return QueryErrors.queryCancelled();
        }
        for (Map.Entry<String, FederatedShards.Activity> shard : sources.activities().entrySet()) {
            if (shard.getValue().failure != null) {
                return shardError(sources.shard(shard.getKey()), shard.getValue());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FederationRefusal refusal) {
                return QueryErrors.notFederated(refusal.getMessage());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SqlParseException) {
                return QueryErrors.notFederated("the federated engine (Apache Calcite) cannot parse it: " + firstLine(t.getMessage())
                        + parseHint(sql));
            }
            if (t instanceof CalciteContextException) {
                return QueryErrors.federationRejected(firstLine(t.getMessage()));
            }
        }
        Throwable cause = deepest(e);
        // Operator-facing text names no Java class: Calcite's planner failing means it has no way to execute a construct.
        String why = cause instanceof org.apache.calcite.plan.RelOptPlanner.CannotPlanException
                ? "it has no way to execute a construct of the statement"
                : String.valueOf(cause.getMessage()).startsWith("Unable to implement")
                ? "a condition it would compute itself holds what only a shard computes (->> in a WHERE term over columns of two tables);"
                + " compare ->> with constants in WHERE, or select it in a derived table and filter outside"
                : firstLine(String.valueOf(cause.getMessage()));
        return QueryErrors.notFederated("the federated engine (Apache Calcite) could not run it: " + why);
    }

    /** What in PostgreSQL's syntax the federated parser is known not to read. */
    private static String parseHint(String sql) {
        if (sql.matches("(?is).*\\bdistinct\\s+on\\b.*")) {
            return " (DISTINCT ON is federated where JSqlParser reads the statement: write it as PostgreSQL documents it, with its ORDER BY)";
        }
        if (sql.contains("->") || sql.contains("#>") || sql.contains("@>")) {
            return " (PostgreSQL's jsonb operators ->, ->>, #>, #>> and @> are federated after a column, with literal keys and paths)";
        }
        if (sql.matches("(?is).*\\binterval\\s+'.*")) {
            return " (an interval '…' is federated added to or subtracted from a date or timestamp, written interval '1 day')";
        }
        return "";
    }

    private static Throwable deepest(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private Map<String, ShardReport> reports(FederatedShards sources, Result<QueryResult> outcome, List<ShardSpec> shards, Duration elapsed) {
        Map<String, ShardReport> reports = new LinkedHashMap<>();
        for (ShardSpec shard : shards) {
            FederatedShards.Activity a = sources.activity(shard.id());
            ReshardError error = a.failure != null ? shardError(shard, a) : outcome instanceof Result.Failure<QueryResult> failed ? failed.error() : null;
            reports.put(shard.id(), new ShardReport(shard.id(), a.rows, a.nanos > 0 ? FederatedShards.elapsed(a) : elapsed, error));
        }
        return reports;
    }

    /** A shard that could not be reached is {@code reshard.shard.unreachable}, as on the merged path; one that rejected its scan failed it. */
    private static ReshardError shardError(ShardSpec shard, FederatedShards.Activity a) {
        return a.unreachable ? ShardPools.unreachable(shard, a.failure) : QueryErrors.failed(shard.id(), a.failure);
    }

    private static List<ShardStatement> statements(FederatedShards sources) {
        List<ShardStatement> ran = new ArrayList<>();
        sources.activities().forEach((id, a) -> a.statements.forEach(sql -> ran.add(new ShardStatement(id, sql))));
        return ran;
    }

    private static void cancel(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException ignored) {
            // Already closed: nothing left to stop.
        }
    }
}
