package org.reshard.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The resharding instruments of meter {@code org.reshard}; every running operation reports through one
 * instance. Names ending in {@code _ms} carry no unit, or Prometheus would append "_milliseconds" to them.
 */
public final class ReshardingMetrics {

    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation.id");
    public static final AttributeKey<String> PHASE = AttributeKey.stringKey("phase");
    public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");
    public static final AttributeKey<String> TARGET = AttributeKey.stringKey("target");
    public static final AttributeKey<String> TABLE = AttributeKey.stringKey("table");
    public static final AttributeKey<String> SHARD = AttributeKey.stringKey("shard");
    public static final AttributeKey<String> ERROR = AttributeKey.stringKey("error.code");

    public static final String WAITING = "reshard.operation_waiting";
    public static final String RETRIES = "reshard.fault_retries_total";

    private final DoubleHistogram phaseDuration;
    private final LongCounter rowsCopied;
    private final LongCounter verificationMismatches;
    private final DoubleHistogram cutoverDuration;
    private final Map<String, Double> rowsPerSecond = new ConcurrentHashMap<>();
    private final Map<String, Long> lagMs = new ConcurrentHashMap<>();
    private final Map<String, String> waitingFor = new ConcurrentHashMap<>();
    private final LongCounter retries;
    private volatile LongSupplier activeOperations = () -> 0;

    ReshardingMetrics(Meter meter) {
        phaseDuration = meter.histogramBuilder("reshard.phase_duration_ms")
                .setDescription("How long each phase of an operation took, in milliseconds").build();
        rowsCopied = meter.counterBuilder("reshard.rows_copied_total").setUnit("{row}")
                .setDescription("Rows copied from a source shard to a target shard").build();
        meter.gaugeBuilder("reshard.rows_per_second").setUnit("{row}/s")
                .setDescription("Current copy or apply rate of each running operation")
                .buildWithCallback(m -> rowsPerSecond.forEach((id, rate) -> m.record(rate, Attributes.of(OPERATION, id))));
        meter.gaugeBuilder("reshard.cdc_lag_ms").ofLongs()
                .setDescription("Age of the oldest change not yet applied to the targets, in milliseconds")
                .buildWithCallback(m -> lagMs.forEach((id, lag) -> m.record(lag, Attributes.of(OPERATION, id))));
        verificationMismatches = meter.counterBuilder("reshard.verification_mismatches_total").setUnit("{row}")
                .setDescription("Rows that differed between source and target after rechecking").build();
        cutoverDuration = meter.histogramBuilder("reshard.cutover_duration_ms")
                .setDescription("The write pause of a cutover, fences installed to new topology published, in milliseconds").build();
        meter.gaugeBuilder(WAITING).ofLongs()
                .setDescription("1 while an operation waits out a transient fault of the shard named by the attribute, 0 once it goes on")
                .buildWithCallback(m -> waitingFor.forEach((id, shard) -> m.record(shard.isEmpty() ? 0 : 1,
                        shard.isEmpty() ? Attributes.of(OPERATION, id) : Attributes.of(OPERATION, id, SHARD, shard))));
        retries = meter.counterBuilder(RETRIES).setUnit("{attempt}")
                .setDescription("Phase attempts repeated after a transient fault, by shard and error code").build();
        meter.gaugeBuilder("reshard.active_operations").ofLongs().setUnit("{operation}")
                .setDescription("Operations neither completed nor rolled back")
                .buildWithCallback(m -> m.record(activeOperations.getAsLong()));
    }

    public void phaseCompleted(String operation, String phase, Duration took) {
        phaseDuration.record(took.toNanos() / 1e6, Attributes.of(OPERATION, operation, PHASE, phase));
    }

    public void rowsCopied(String source, String target, long rows) {
        rowsCopied.add(rows, Attributes.of(SOURCE, source, TARGET, target));
    }

    public void rate(String operation, double perSecond) {
        rowsPerSecond.put(operation, perSecond);
    }

    public void lag(String operation, long milliseconds) {
        lagMs.put(operation, milliseconds);
    }

    public void verificationMismatches(String operation, String table, long rows) {
        verificationMismatches.add(rows, Attributes.of(OPERATION, operation, TABLE, table));
    }

    public void cutover(String operation, Duration pause) {
        cutoverDuration.record(pause.toNanos() / 1e6, Attributes.of(OPERATION, operation));
    }

    /** The operation waits out a transient fault of {@code shard} ("registry" for the topology registry) before another attempt. */
    public void waiting(String operation, String shard, String errorCode) {
        waitingFor.put(operation, shard);
        retries.add(1, Attributes.of(OPERATION, operation, SHARD, shard, ERROR, errorCode));
    }

    /** The operation's retried attempt made progress: the waiting gauge goes back to 0. */
    public void waitingOver(String operation) {
        waitingFor.replace(operation, "");
    }

    /** The operation stopped running in this process: its gauges stop reporting. */
    public void operationEnded(String operation) {
        rowsPerSecond.remove(operation);
        lagMs.remove(operation);
        waitingFor.remove(operation);
    }

    /** Where the active-operations gauge reads its value, e.g. the state store. */
    public void countActiveOperationsWith(LongSupplier supplier) {
        activeOperations = supplier;
    }
}
