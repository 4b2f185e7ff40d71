package org.reshard.observe;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Collection;
import java.util.List;

/** A pull reader for the console's charts: the same instruments the exporters see, read in-process on demand. */
public final class InProcessMetricReader implements MetricReader {

    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(CollectionRegistration collectionRegistration) {
        registration = collectionRegistration;
    }

    /** Everything the instruments hold now (cumulative totals, current gauge values). */
    public Collection<MetricData> collect() {
        Collection<MetricData> metrics = registration.collectAllMetrics();
        return metrics == null ? List.of() : metrics;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        registration = CollectionRegistration.noop();
        return CompletableResultCode.ofSuccess();
    }
}
