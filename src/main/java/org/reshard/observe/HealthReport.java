package org.reshard.observe;

import java.util.Map;

/**
 * A health check's answer: the status, a sentence saying why, and the data behind it (keys
 * {@code activeCount}, {@code inProgressCount}, {@code failedCount}, {@code overdueCount},
 * {@code failedIds}, {@code overdueIds}, {@code activeOperations}, {@code error}).
 */
public record HealthReport(HealthStatus status, String description, Map<String, Object> data) {

    public HealthReport {
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
