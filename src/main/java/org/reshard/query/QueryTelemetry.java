package org.reshard.query;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.observe.Telemetry;

/**
 * One query's telemetry: a {@code reshard.query} span with a child span per shard, and the query
 * instruments ({@code reshard.query.*}). Errors set the span status and carry the error code.
 */
final class QueryTelemetry implements QueryListener {

    static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("reshard.error.code");

    private final Telemetry telemetry;
    private final Span query;
    private final Map<String, Span> shards = new ConcurrentHashMap<>();

    private QueryTelemetry(Telemetry telemetry, Span query) {
        this.telemetry = telemetry;
        this.query = query;
    }

    /** Opens the query's span and counts it as active. The SQL text is not recorded: it may hold literals from a row. */
    static QueryTelemetry start(Telemetry telemetry, QueryRequest request, int shardCount) {
        Span span = telemetry.tracer().spanBuilder("reshard.query")
                .setAttribute("reshard.query.shards", (long) shardCount)
                .setAttribute("reshard.query.parallelism", (long) request.maxParallelism())
                .setAttribute("reshard.query.timeout_ms", request.timeout().toMillis())
                .setAttribute("reshard.query.mode", request.mode().name())
                .startSpan();
        telemetry.query().started();
        return new QueryTelemetry(telemetry, span);
    }

    /** How many of the chosen shards the query needed; not why, since the reason quotes the query's literals. */
    @Override
    public void shardsChosen(ShardScope scope) {
        query.setAttribute("reshard.query.shards_run", (long) scope.shards().size());
    }

    @Override
    public void shardStarted(String shardId) {
        shards.put(shardId, telemetry.tracer().spanBuilder("reshard.query.shard " + shardId)
                .setParent(Context.current().with(query))
                .setAttribute("reshard.shard", shardId)
                .startSpan());
    }

    @Override
    public void shardFinished(ShardReport report) {
        telemetry.query().shardFinished(report.shardId(), report.elapsed(), outcome(report.error()));
        Span span = shards.remove(report.shardId());
        if (span == null) {
            return;
        }
        span.setAttribute("reshard.query.rows", report.rows());
        if (report.retried()) {
            span.setAttribute("reshard.query.retried", true);
            span.setAttribute("reshard.query.retry", report.retry());
        }
        report.failure().ifPresent(error -> fail(span, error));
        span.end();
    }

    @Override
    public void queryFinished(Result<QueryResult> result, Duration elapsed) {
        // A shard that never reported (the query was refused or stopped first) still closes its span.
        shards.values().forEach(Span::end);
        shards.clear();
        switch (result) {
            case Result.Ok<QueryResult> ok -> {
                query.setAttribute("reshard.query.rows", (long) ok.value().rows().size());
                query.setAttribute("reshard.query.partial", ok.value().partial());
                telemetry.query().finished(elapsed, ok.value().partial(), ok.value().partial() ? "partial" : "ok");
            }
            case Result.Failure<QueryResult> failed -> {
                fail(query, failed.error());
                telemetry.query().finished(elapsed, false, outcome(failed.error()));
            }
        }
        query.end();
    }

    private static void fail(Span span, ReshardError error) {
        span.setStatus(StatusCode.ERROR, error.message());
        span.setAttribute(ERROR_CODE, error.code().code());
    }

    private static String outcome(ReshardError error) {
        return error == null ? "ok" : error.code().code();
    }
}
