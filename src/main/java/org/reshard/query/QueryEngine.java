package org.reshard.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.observe.Telemetry;
import org.reshard.shard.ShardPools;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scatter-gather queries over a topology's shards: one SELECT runs on the chosen shards in parallel through
 * the shard pools, each reading only the rows it owns under the topology, and the rows are merged into the
 * answer one database holding all rows would give — or refused with {@code reshard.query.unsupported} when
 * that cannot be done exactly. Shard-key equalities prune the shards; reference tables alone read one. Reads the
 * merge refuses (joins across shards, subqueries, set operations, windows, …) run federated in Apache Calcite.
 * <pre>{@code
 * try (QueryEngine engine = new QueryEngine(topology, pools)) {
 *     Result<QueryResult> result = engine.execute(QueryRequest.of("SELECT status, count(*) FROM orders GROUP BY status"));
 * }
 * }</pre>
 */
public final class QueryEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryEngine.class);

    private final Topology topology;
    private final Telemetry telemetry;
    private final ScatterGatherExecutor executor;
    private final FederatedExecutor federated;
    private final KeyColumnTypes keyTypes;
    private final ExecutorService threads;
    private final ScheduledExecutorService timers;

    /** An engine over the topology's shards, connecting through {@code pools} (which the caller keeps and closes). */
    public QueryEngine(Topology topology, ShardPools pools) {
        this(topology, pools, Telemetry.global());
    }

    /** An engine that records its spans and {@code reshard.query.*} instruments in the given telemetry. */
    public QueryEngine(Topology topology, ShardPools pools, Telemetry telemetry) {
        this.topology = topology;
        this.telemetry = telemetry;
        this.threads = Executors.newCachedThreadPool(daemon("reshard-query"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("reshard-query-timer"));
        this.executor = new ScatterGatherExecutor(pools, threads, timers);
        this.federated = new FederatedExecutor(pools, timers);
        this.keyTypes = new KeyColumnTypes(pools, topology.shards());
    }

    /** Runs the query and waits for its result. */
    public Result<QueryResult> execute(QueryRequest request) throws InterruptedException {
        return start(request, QueryListener.NONE).await();
    }

    /** Runs the query and waits for its result, reporting progress to the listener. */
    public Result<QueryResult> execute(QueryRequest request, QueryListener listener) throws InterruptedException {
        return start(request, listener).await();
    }

    /**
     * Starts the query on the engine's threads and returns at once with a handle to wait for or cancel it.
     *
     * @throws IllegalArgumentException when the request names a shard the topology does not have
     */
    public RunningQuery start(QueryRequest request, QueryListener caller) {
        List<ShardSpec> shards = chosenShards(request);
        QueryListener listener = QueryTelemetry.start(telemetry, request, shards.size()).andThen(caller);
        QueryControl control = new QueryControl(request.timeout());
        CompletableFuture<Result<QueryResult>> result = new CompletableFuture<>();
        long start = System.nanoTime();
        threads.submit(() -> {
            Result<QueryResult> outcome;
            try {
                Semantics semantics = Semantics.of(shards);
                outcome = switch (StatementAnalyzer.analyse(request, semantics, topology)) {
                    case Result.Failure<AnalyzedQuery> refused when federates(request, refused.error()) ->
                            alsoRefused(refused.error(), federated.run(request.sql(), topology, shards, request, control, listener))
                                    .map(this::warnedWhenStale);
                    case Result.Failure<AnalyzedQuery> refused -> Result.failure(refused.error());
                    case Result.Ok<AnalyzedQuery> query -> run(query.value(), shards, request, semantics, control, listener);
                };
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = Result.failure(QueryErrors.queryCancelled());
            } catch (RuntimeException | Error e) {
                // Any failure completes the result: a caller waiting on await() must never hang.
                LOG.error("query failed unexpectedly: {}", request.sql(), e);
                outcome = RunningQuery.unexpected(e);
            }
            finish(listener, outcome, Duration.ofNanos(System.nanoTime() - start));
            result.complete(outcome);
        });
        return new RunningQuery(result, control);
    }

    /**
     * What the query would run, without running it: the path that would answer and each shard's SQL (after pruning and
     * the ownership filter on the merged path; Calcite's per-shard scans on the federated one).
     */
    public Result<QueryExplain> explain(QueryRequest request) {
        List<ShardSpec> shards = chosenShards(request);
        Semantics semantics = Semantics.of(shards);
        return switch (StatementAnalyzer.analyse(request, semantics, topology)) {
            case Result.Failure<AnalyzedQuery> refused when federates(request, refused.error()) ->
                    alsoRefused(refused.error(), federated.explain(request.sql(), topology, shards, request));
            case Result.Failure<AnalyzedQuery> refused -> Result.failure(refused.error());
            case Result.Ok<AnalyzedQuery> query -> {
                ShardTargets targets = ShardTargeting.target(query.value(), topology, shards, !request.shards().isEmpty(), keyTypes);
                List<ShardStatement> statements = targets.shards().stream().map(s -> new ShardStatement(s.id(), targets.sqlFor(s))).toList();
                yield Result.ok(new QueryExplain(request.mode() == ResultMode.RAW ? ResultMode.RAW : ResultMode.MERGED, statements));
            }
        };
    }

    private Result<QueryResult> run(AnalyzedQuery query, List<ShardSpec> chosen, QueryRequest request, Semantics semantics,
                                    QueryControl control, QueryListener listener) throws InterruptedException {
        ShardTargets targets = ShardTargeting.target(query, topology, chosen, !request.shards().isEmpty(), keyTypes);
        listener.shardsChosen(targets.scope());
        List<QueryWarning> warnings = undeclared(query.tables());
        Result<QueryResult> outcome = executor.run(query.plan(), targets, request, semantics, control, listener);
        // Reference tables are the same on every shard: when the one asked cannot answer, the next one can.
        for (ShardSpec next : targets.fallbacks()) {
            if (!(outcome instanceof Result.Failure<QueryResult> failed) || failed.error().code() != ErrorCode.QUERY_FAILED
                    && failed.error().code() != ErrorCode.SHARD_UNREACHABLE || !control.retry()) {
                break;
            }
            ShardScope scope = new ShardScope(List.of(next.id()), targets.scope().topologyShards(), targets.scope().reason());
            listener.shardsChosen(scope);
            outcome = executor.run(query.plan(), new ShardTargets(List.of(next), targets.sqlByShard(), scope, List.of()), request, semantics,
                    control, listener);
        }
        List<ShardStatement> statements = targets.shards().stream().map(s -> new ShardStatement(s.id(), targets.sqlFor(s))).toList();
        Result<QueryResult> answered = outcome.map(result -> result.withWarnings(warnings).withStatements(statements));
        return query.plan() instanceof QueryPlan.Write ? answered : answered.map(this::warnedWhenStale);
    }

    /** A read (merged or federated) from a topology the registry no longer names active says so. */
    private QueryResult warnedWhenStale(QueryResult result) {
        List<QueryWarning> warnings = new ArrayList<>(result.warnings());
        ActiveTopologyCheck.warning(topology).ifPresent(warnings::add);
        return result.withWarnings(warnings);
    }

    /** A statement neither path answers is refused with the merge's reason (it names the construct) and federation's. */
    private static <T> Result<T> alsoRefused(ReshardError mergeRefusal, Result<T> federatedOutcome) {
        if (federatedOutcome instanceof Result.Failure<T> failed && failed.error().code() == ErrorCode.QUERY_UNSUPPORTED) {
            return Result.failure(ReshardError.of(ErrorCode.QUERY_UNSUPPORTED, mergeRefusal.message()
                    + " (and the federated engine cannot answer it exactly either: " + failed.error().message()
                    .replaceFirst("^the statement cannot be answered exactly across shards: ", "") + ")"));
        }
        return federatedOutcome;
    }

    /** What the streaming merge refuses as unmergeable, in merged mode and only for reads, runs federated instead. */
    private static boolean federates(QueryRequest request, ReshardError refusal) {
        return refusal.code() == ErrorCode.QUERY_UNSUPPORTED && request.mode() == ResultMode.MERGED && FederatedSql.isRead(request.sql());
    }

    private List<QueryWarning> undeclared(QueryTables tables) {
        List<String> names = tables.undeclared().stream().map(TableRef::name).distinct().toList();
        if (names.isEmpty()) {
            return List.of();
        }
        return List.of(new QueryWarning(QueryWarning.UNDECLARED_TABLES, "topology " + topology.name() + " does not declare "
                + String.join(", ", names) + ": read as found on every shard, without the ownership filter, so rows a resharding"
                + " left on a shard that does not own them are counted too — declare it under tables (sharded) or referenceTables"));
    }

    private List<ShardSpec> chosenShards(QueryRequest request) {
        if (request.shards().isEmpty()) {
            return topology.shards();
        }
        return request.shards().stream().distinct().map(id -> topology.shard(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown shard " + id + " in topology " + topology.describeSource() + "; its shards are " + topology.shardIds()))).toList();
    }

    private static void finish(QueryListener listener, Result<QueryResult> outcome, Duration elapsed) {
        try {
            listener.queryFinished(outcome, elapsed);
        } catch (RuntimeException e) {
            LOG.warn("a query listener failed", e);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        threads.shutdownNow();
        timers.shutdownNow();
    }
}
