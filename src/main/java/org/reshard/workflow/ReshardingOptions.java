package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.reshard.cdc.CaptureSetting;

/**
 * How an operation runs; kept in the state file so a resume runs the same way.
 *
 * @param batchSize      rows per copy batch (one target transaction each), also changes per apply batch
 * @param lagThreshold   replication is caught up, and cutover may fence writes, when the lag is below this
 * @param cutoverTimeout the longest the cutover gate waits for a decision, and the longest writes stay paused
 * @param retention      how long moved rows stay on the sources after cutover before cleanup deletes them
 * @param retryFor       how long a phase keeps retrying a transient fault (a shard restarting, a lock timeout) before
 *                       the operation fails; 0 fails at the first fault
 * @param capture        change capture: logical decoding where a source allows it (auto), or triggers or logical forced
 */
public record ReshardingOptions(int batchSize, Duration lagThreshold, VerificationMode verification,
                                Duration cutoverTimeout, Duration retention, Duration retryFor, CaptureSetting capture) {

    public static final Duration DEFAULT_RETRY_FOR = Duration.ofMinutes(10);

    public static final ReshardingOptions DEFAULTS = new ReshardingOptions(25_000, Duration.ofSeconds(5),
            VerificationMode.COUNT_AND_CHECKSUM, Duration.ofSeconds(30), Duration.ofHours(24), DEFAULT_RETRY_FOR, CaptureSetting.AUTO);

    static final int MAX_BATCH_SIZE = 1_000_000;

    public ReshardingOptions {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        requirePositive("lag threshold", lagThreshold);
        if (verification == null) {
            throw new IllegalArgumentException("verification mode must be count, checksum or count-and-checksum");
        }
        requirePositive("cutover timeout", cutoverTimeout);
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("retention must be 0 or more, was " + retention);
        }
        if (retryFor == null || retryFor.isNegative()) {
            throw new IllegalArgumentException("retry-for must be 0 or more, was " + retryFor);
        }
        if (capture == null) {
            throw new IllegalArgumentException("capture must be auto, triggers or logical");
        }
    }

    /** Options with automatic capture. */
    public ReshardingOptions(int batchSize, Duration lagThreshold, VerificationMode verification, Duration cutoverTimeout,
                             Duration retention, Duration retryFor) {
        this(batchSize, lagThreshold, verification, cutoverTimeout, retention, retryFor, CaptureSetting.AUTO);
    }

    /** Options with the default retry budget. */
    public ReshardingOptions(int batchSize, Duration lagThreshold, VerificationMode verification, Duration cutoverTimeout,
                             Duration retention) {
        this(batchSize, lagThreshold, verification, cutoverTimeout, retention, DEFAULT_RETRY_FOR);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be more than 0, was " + value);
        }
    }

    public ReshardingOptions withBatchSize(int size) {
        return new ReshardingOptions(size, lagThreshold, verification, cutoverTimeout, retention, retryFor, capture);
    }

    public ReshardingOptions withLagThreshold(Duration threshold) {
        return new ReshardingOptions(batchSize, threshold, verification, cutoverTimeout, retention, retryFor, capture);
    }

    public ReshardingOptions withVerification(VerificationMode mode) {
        return new ReshardingOptions(batchSize, lagThreshold, mode, cutoverTimeout, retention, retryFor, capture);
    }

    public ReshardingOptions withCutoverTimeout(Duration timeout) {
        return new ReshardingOptions(batchSize, lagThreshold, verification, timeout, retention, retryFor, capture);
    }

    public ReshardingOptions withRetention(Duration period) {
        return new ReshardingOptions(batchSize, lagThreshold, verification, cutoverTimeout, period, retryFor, capture);
    }

    public ReshardingOptions withRetryFor(Duration budget) {
        return new ReshardingOptions(batchSize, lagThreshold, verification, cutoverTimeout, retention, budget, capture);
    }

    public ReshardingOptions withCapture(CaptureSetting setting) {
        return new ReshardingOptions(batchSize, lagThreshold, verification, cutoverTimeout, retention, retryFor, setting);
    }

    public JsonNode toJson() {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("batchSize", batchSize);
        node.put("lagThresholdMs", lagThreshold.toMillis());
        node.put("verification", verification.label());
        node.put("cutoverTimeoutMs", cutoverTimeout.toMillis());
        node.put("retentionMs", retention.toMillis());
        node.put("retryForMs", retryFor.toMillis());
        node.put("capture", capture.label());
        return node;
    }

    public static ReshardingOptions fromJson(JsonNode node) {
        return new ReshardingOptions(node.get("batchSize").asInt(), Duration.ofMillis(node.get("lagThresholdMs").asLong()),
                VerificationMode.fromLabel(node.get("verification").asText()), Duration.ofMillis(node.get("cutoverTimeoutMs").asLong()),
                Duration.ofMillis(node.get("retentionMs").asLong()),
                // Operations saved before retries existed get the default budget.
                node.has("retryForMs") ? Duration.ofMillis(node.get("retryForMs").asLong()) : DEFAULT_RETRY_FOR,
                node.has("capture") ? CaptureSetting.fromLabel(node.get("capture").asText()) : CaptureSetting.TRIGGERS);
    }
}
