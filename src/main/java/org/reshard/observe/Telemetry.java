package org.reshard.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The process's OpenTelemetry: the {@code org.reshard} meter and tracer, the resharding and query
 * instruments, and the in-process reader the console charts from — one source of truth for charts,
 * Prometheus and OTLP. The standard {@code OTEL_*} variables switch OTLP export on; nothing is
 * exported without them.
 */
public final class Telemetry {

    public static final String SCOPE = "org.reshard";

    private static Telemetry global;

    private final OpenTelemetry openTelemetry;
    private final InProcessMetricReader reader;
    private final ReshardingMetrics resharding;
    private final QueryMetrics query;
    private final Tracer tracer;

    private Telemetry(OpenTelemetry openTelemetry, InProcessMetricReader reader) {
        this.openTelemetry = openTelemetry;
        this.reader = reader;
        Meter meter = openTelemetry.getMeter(SCOPE);
        this.resharding = new ReshardingMetrics(meter);
        this.query = new QueryMetrics(meter);
        this.tracer = openTelemetry.getTracer(SCOPE);
    }

    /** Telemetry over a given SDK whose meter provider has {@code reader} registered (tests build theirs). */
    public static Telemetry of(OpenTelemetry openTelemetry, InProcessMetricReader reader) {
        return new Telemetry(openTelemetry, reader);
    }

    /** The process's telemetry, configured from the environment on first use. */
    public static synchronized Telemetry global() {
        if (global == null) {
            global = configure(OptionalInt.empty());
        }
        return global;
    }

    /**
     * Configures the process's telemetry, serving Prometheus text on the port when one is given; it must
     * run before anything uses {@link #global()} when a port is wanted.
     */
    public static synchronized Telemetry configureGlobal(OptionalInt prometheusPort) {
        if (global != null && prometheusPort.isPresent()) {
            throw new IllegalStateException("telemetry is configured already; --metrics-port must come before any work");
        }
        if (global == null) {
            global = configure(prometheusPort);
        }
        return global;
    }

    /** Telemetry configured from the environment, not shared with the process (for tests of the exporters). */
    public static Telemetry configure(OptionalInt prometheusPort) {
        InProcessMetricReader reader = new InProcessMetricReader();
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(Telemetry::defaults)
                .addMeterProviderCustomizer((builder, config) -> {
                    builder.registerMetricReader(reader);
                    prometheusPort.ifPresent(port -> builder.registerMetricReader(PrometheusHttpServer.builder().setPort(port).build()));
                    return builder;
                })
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        Runtime.getRuntime().addShutdownHook(new Thread(sdk::close, "telemetry-shutdown"));
        return new Telemetry(sdk, reader);
    }

    /**
     * Defaults the environment overrides: no exporter unless an OTLP endpoint is set, then OTLP over
     * HTTP (this build carries the JDK HTTP sender, not a gRPC one).
     */
    private static Map<String, String> defaults() {
        Map<String, String> env = System.getenv();
        boolean otlp = env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT");
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", "reshard-console");
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        for (String signal : new String[] {"traces", "metrics", "logs"}) {
            boolean signalEndpoint = env.containsKey("OTEL_EXPORTER_OTLP_" + signal.toUpperCase() + "_ENDPOINT");
            defaults.put("otel." + signal + ".exporter", otlp || signalEndpoint ? "otlp" : "none");
        }
        return defaults;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public Tracer tracer() {
        return tracer;
    }

    public ReshardingMetrics resharding() {
        return resharding;
    }

    public QueryMetrics query() {
        return query;
    }

    /** The current value of every instrument, for the console's charts. */
    public Collection<MetricData> collect() {
        return reader.collect();
    }
}
