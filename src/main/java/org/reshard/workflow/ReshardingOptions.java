package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * How an operation runs; kept in the state file so a resume runs the same way.
 *
 * @param batchSize      rows per copy batch (one target transaction each), also changes per apply batch
 * @param lagThreshold   replication is caught up, and cutover may fence writes, when the lag is below this
 * @param cutoverTimeout the longest the cutover gate waits for a decision, and the longest writes stay paused
 * @param retention      how long moved rows stay on the sources after cutover before cleanup deletes them
 */
public record ReshardingOptions(int batchSize, Duration lagThreshold, VerificationMode verification,
                                Duration cutoverTimeout, Duration retention) {

    public static final ReshardingOptions DEFAULTS = new ReshardingOptions(25_000, Duration.ofSeconds(5),
            VerificationMode.COUNT_AND_CHECKSUM, Duration.ofSeconds(30), Duration.ofHours(24));

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
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be more than 0, was " + value);
        }
    }

    public ReshardingOptions withBatchSize(int size) {
        return new ReshardingOptions(size, lagThreshold, verification, cutoverTimeout, retention);
    }

    public ReshardingOptions withLagThreshold(Duration threshold) {
        return new ReshardingOptions(batchSize, threshold, verification, cutoverTimeout, retention);
    }

    public ReshardingOptions withVerification(VerificationMode mode) {
        return new ReshardingOptions(batchSize, lagThreshold, mode, cutoverTimeout, retention);
    }

    public ReshardingOptions withCutoverTimeout(Duration timeout) {
        return new ReshardingOptions(batchSize, lagThreshold, verification, timeout, retention);
    }

    public ReshardingOptions withRetention(Duration period) {
        return new ReshardingOptions(batchSize, lagThreshold, verification, cutoverTimeout, period);
    }

    public JsonNode toJson() {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("batchSize", batchSize);
        node.put("lagThresholdMs", lagThreshold.toMillis());
        node.put("verification", verification.label());
        node.put("cutoverTimeoutMs", cutoverTimeout.toMillis());
        node.put("retentionMs", retention.toMillis());
        return node;
    }

    public static ReshardingOptions fromJson(JsonNode node) {
        return new ReshardingOptions(node.get("batchSize").asInt(), Duration.ofMillis(node.get("lagThresholdMs").asLong()),
                VerificationMode.fromLabel(node.get("verification").asText()), Duration.ofMillis(node.get("cutoverTimeoutMs").asLong()),
                Duration.ofMillis(node.get("retentionMs").asLong()));
    }
}
