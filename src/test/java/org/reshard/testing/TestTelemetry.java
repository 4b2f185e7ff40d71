package org.reshard.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Optional;
import org.reshard.observe.InProcessMetricReader;
import org.reshard.observe.Telemetry;

/** A telemetry whose spans land in memory and whose metrics are read in-process, for asserting on them. */
public final class TestTelemetry {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InProcessMetricReader reader = new InProcessMetricReader();
    private final Telemetry telemetry;

    public TestTelemetry() {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .build();
        telemetry = Telemetry.of(sdk, reader);
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public List<SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    public Optional<MetricData> metric(String name) {
        return reader.collect().stream().filter(m -> m.getName().equals(name)).findFirst();
    }

    /** Sum of a long counter's points whose attribute has the value (any value when {@code value} is null). */
    public long counterSum(String name, AttributeKey<String> key, String value) {
        return metric(name).map(m -> m.getLongSumData().getPoints().stream()
                .filter(p -> value == null || value.equals(p.getAttributes().get(key)))
                .mapToLong(p -> p.getValue()).sum()).orElse(0L);
    }

    /** How many values a histogram recorded for points whose attribute has the value. */
    public long histogramCount(String name, AttributeKey<String> key, String value) {
        return metric(name).map(m -> m.getHistogramData().getPoints().stream()
                .filter(p -> value == null || value.equals(p.getAttributes().get(key)))
                .mapToLong(p -> p.getCount()).sum()).orElse(0L);
    }
}
