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

    public static final String PHASE_DURATION_MS = "reshard.phase_duration_ms";
    public static final String ROWS_COPIED_TOTAL = "reshard.rows_copied_total";
    public static final String ROWS_PER_SECOND = "reshard.rows_per_second";
    public static final String CDC_LAG_MS = "reshard.cdc_lag_ms";
    public static final String VERIFICATION_MISMATCHES_TOTAL = "reshard.verification_mismatches_total";
    public static final String CUTOVER_DURATION_MS = "reshard.cutover_duration_ms";
    public static final String ACTIVE_OPERATIONS = "reshard.active_operations";
    public static final String WAITING = "reshard.operation_waiting";
    public static final String RETRIES = "reshard.fault_retries_total";

    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation.id");
    public static final AttributeKey<String> PHASE = AttributeKey.stringKey("phase");
    public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");
    public static final AttributeKey<String> TARGET = AttributeKey.stringKey("target");
    public static final AttributeKey<String> TABLE = AttributeKey.stringKey("table");
    public static final AttributeKey<String> SHARD = AttributeKey.stringKey("shard");
    public static final AttributeKey<String> ERROR = AttributeKey.stringKey("error.code");

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
        phaseDuration = meter.histogramBuilder(PHASE_DURATION_MS)
                .setDescription("How long each phase of an operation took, in milliseconds").build();
        rowsCopied = meter.counterBuilder(ROWS_COPIED_TOTAL).setUnit("{row}")
                .setDescription("Rows copied from a source shard to a target shard").build();
        meter.gaugeBuilder(ROWS_PER_SECOND).setUnit("{row}/s")
                .setDescription("Current copy or apply rate of each running operation")
                .buildWithCallback(m -> rowsPerSecond.forEach((id, rate) -> m.record(rate, Attributes.of(OPERATION, id))));
        meter.gaugeBuilder(CDC_LAG_MS).ofLongs()
                .setDescription("Age of the oldest change not yet applied to the targets, in milliseconds")
                .buildWithCallback(m -> lagMs.forEach((id, lag) -> m.record(lag, Attributes.of(OPERATION, id))));
        verificationMismatches = meter.counterBuilder(VERIFICATION_MISMATCHES_TOTAL).setUnit("{row}")
                .setDescription("Rows that differed between source and target after rechecking").build();
        cutoverDuration = meter.histogramBuilder(CUTOVER_DURATION_MS)
                .setDescription("The write pause of a cutover, fences installed to new topology published, in milliseconds").build();
        meter.gaugeBuilder(WAITING).ofLongs()
                .setDescription("1 while an operation waits out a transient fault of the shard named by the attribute, 0 once it goes on")
                .buildWithCallback(m -> waitingFor.forEach((id, shard) -> m.record(shard.isEmpty() ? 0 : 1,
                        shard.isEmpty() ? Attributes.of(OPERATION, id) : Attributes.of(OPERATION, id, SHARD, shard))));
        retries = meter.counterBuilder(RETRIES).setUnit("{attempt}")
                .setDescription("Phase attempts repeated after a transient fault, by shard and error code").build();
        meter.gaugeBuilder(ACTIVE_OPERATIONS).ofLongs().setUnit("{operation}")
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
