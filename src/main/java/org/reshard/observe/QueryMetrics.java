package org.reshard.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;

/** The scatter-gather query instruments of meter {@code org.reshard}. */
public final class QueryMetrics {

    public static final AttributeKey<String> SHARD = AttributeKey.stringKey("shard");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

    private final DoubleHistogram duration;
    private final DoubleHistogram shardDuration;
    private final LongCounter partialFailures;
    private final LongUpDownCounter active;

    QueryMetrics(Meter meter) {
        duration = meter.histogramBuilder("reshard.query.duration_ms")
                .setDescription("Scatter-gather queries from start to merged result, in milliseconds").build();
        shardDuration = meter.histogramBuilder("reshard.query.shard_duration_ms")
                .setDescription("One shard's part of a scatter-gather query, in milliseconds").build();
        partialFailures = meter.counterBuilder("reshard.query.partial_failures_total").setUnit("{query}")
                .setDescription("Queries that returned results from some shards while others failed").build();
        active = meter.upDownCounterBuilder("reshard.query.active").setUnit("{query}")
                .setDescription("Scatter-gather queries running now").build();
    }

    public void started() {
        active.add(1);
    }

    public void shardFinished(String shard, Duration took, String outcome) {
        shardDuration.record(took.toNanos() / 1e6, Attributes.of(SHARD, shard, OUTCOME, outcome));
    }

    public void finished(Duration took, boolean partial, String outcome) {
        active.add(-1);
        duration.record(took.toNanos() / 1e6, Attributes.of(OUTCOME, outcome));
        if (partial) {
            partialFailures.add(1);
        }
    }
}
