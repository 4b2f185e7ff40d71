package org.reshard.query;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;

/** A query on its way: its result when it comes, and {@link #cancel()} for another thread (a Cancel button). */
public final class RunningQuery {

    private final CompletableFuture<Result<QueryResult>> result;
    private final QueryControl control;

    RunningQuery(CompletableFuture<Result<QueryResult>> result, QueryControl control) {
        this.result = result;
        this.control = control;
    }

    /** Stops every shard's statement; the result becomes {@code reshard.query.cancelled}. Safe to call from any thread, more than once. */
    public void cancel() {
        control.stop(StopReason.CANCELLED);
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** Completes with the result (never exceptionally: errors are values). */
    public CompletableFuture<Result<QueryResult>> result() {
        return result;
    }

    /** Waits for the result. */
    public Result<QueryResult> await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the query's coordinator failed unexpectedly", e.getCause());
        }
    }

    static Result<QueryResult> unexpected(Throwable e) {
        return Result.failure(ReshardError.of(ErrorCode.QUERY_FAILED, "the query failed unexpectedly: " + org.reshard.common.ErrorText.of(e)));
    }
}
