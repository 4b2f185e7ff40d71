package org.reshard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.topology.ShardSpec;

/**
 * Runs a plan on the chosen shards in parallel — at most {@code maxParallelism} statements at once — and
 * merges their rows on the calling thread. At the timeout every shard still running is cancelled and
 * reported as timed out; a cancel stops them all. Before returning it waits for every shard's worker, so
 * no statement outlives the query and every connection is back in its pool.
 */
final class ScatterGatherExecutor {

    private static final long RECANCEL_MILLIS = 100;

    private final ShardPools pools;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;

    ScatterGatherExecutor(ShardPools pools, ExecutorService workers, ScheduledExecutorService timers) {
        this.pools = pools;
        this.workers = workers;
        this.timers = timers;
    }

    Result<QueryResult> run(QueryPlan plan, ShardTargets targets, QueryRequest request, Semantics semantics,
                            QueryControl control, QueryListener listener) throws InterruptedException {
        List<ShardSpec> shards = targets.shards();
        ActivitySignal signal = new ActivitySignal();
        int parallelism = request.maxParallelism() == 0 ? shards.size() : Math.min(request.maxParallelism(), shards.size());
        // The k-way merge needs a row from every shard at once; with fewer permits than shards a waiting shard
        // could never start while the running ones wait for room, so then each shard's rows are buffered whole.
        boolean buffered = plan instanceof QueryPlan.Rows rows && !rows.order().isEmpty() && parallelism < shards.size();
        int capacity = buffered ? 0 : request.fetchSize();
        List<ShardStream> streams = new ArrayList<>();
        for (ShardSpec shard : shards) {
            streams.add(new ShardStream(shard.id(), capacity, signal, failed -> {
                if (!request.allowPartialResults()) {
                    control.stop(StopReason.DONE);
                }
            }));
        }
        control.attach(streams);
        Semaphore permits = new Semaphore(parallelism);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            running.add(workers.submit(new ShardWorker(shards.get(i), targets.sqlFor(shards.get(i)), plan, streams.get(i), pools, permits, request, listener)));
        }
        ScheduledFuture<?> deadline = timers.schedule(() -> control.stop(StopReason.TIMEOUT), request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> recancel = timers.scheduleWithFixedDelay(() -> {
            if (control.stopped() != null) {
                control.repeatCancel();
            }
        }, RECANCEL_MILLIS, RECANCEL_MILLIS, TimeUnit.MILLISECONDS);
        MergedRows merged;
        try {
            merged = merge(plan, streams, signal, semantics);
        } catch (MergeFailure failure) {
            return Result.failure(failure.error());
        } finally {
            control.stop(StopReason.DONE);
            awaitWorkers(running);
            deadline.cancel(false);
            recancel.cancel(false);
        }
        return result(merged, streams, request, plan, control, targets.scope());
    }

    private static MergedRows merge(QueryPlan plan, List<ShardStream> streams, ActivitySignal signal, Semantics semantics)
            throws InterruptedException {
        return switch (plan) {
            case QueryPlan.Rows rows -> RowMerge.merge(rows, streams, signal);
            case QueryPlan.Aggregate aggregate -> GroupMerge.merge(aggregate, streams, signal, semantics);
            case QueryPlan.Raw raw -> RawMerge.merge(raw.window(), streams, signal);
            case QueryPlan.Write write -> RawMerge.merge(RowWindow.ALL, streams, signal);
        };
    }

    private static Result<QueryResult> result(MergedRows merged, List<ShardStream> streams, QueryRequest request, QueryPlan plan,
                                              QueryControl control, ShardScope scope) {
        if (control.stopped() == StopReason.CANCELLED) {
            return Result.failure(QueryErrors.queryCancelled());
        }
        List<ShardReport> reports = streams.stream().map(ShardStream::report).toList();
        List<ShardReport> failed = reports.stream().filter(ShardReport::failed).toList();
        if (!failed.isEmpty() && failed.size() == reports.size()) {
            return Result.failure(QueryErrors.everyShardFailed(failed));
        }
        if (!failed.isEmpty() && !request.allowPartialResults()) {
            return Result.failure(QueryErrors.partialFailure(failed, reports.size()));
        }
        ResultMode mode = plan instanceof QueryPlan.Rows || plan instanceof QueryPlan.Aggregate ? ResultMode.MERGED : ResultMode.RAW;
        return Result.ok(new QueryResult(merged.columns(), merged.rows(), reports, !failed.isEmpty(), mode, request.page(), scope, List.of()));
    }

    private static void awaitWorkers(List<Future<?>> running) throws InterruptedException {
        for (Future<?> worker : running) {
            try {
                worker.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a shard worker failed unexpectedly", e.getCause());
            }
        }
    }
}
