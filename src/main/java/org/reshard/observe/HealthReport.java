package org.reshard.observe;

import java.util.Map;

/**
 * A health check's answer: the status, a sentence saying why, and the data behind it (keys
 * {@code activeCount}, {@code inProgressCount}, {@code failedCount}, {@code overdueCount},
 * {@code failedIds}, {@code overdueIds}, {@code activeOperations}, {@code error}, {@code orphanSlots} (reshard
 * replication slots no active operation owns: slot, shard, server, database, active, retainedBytes, fix) and
 * {@code slotChecksSkipped} (shards that could not be asked)).
 */
public record HealthReport(HealthStatus status, String description, Map<String, Object> data) {

    public HealthReport {
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
