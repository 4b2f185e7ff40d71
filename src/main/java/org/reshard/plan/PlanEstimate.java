package org.reshard.plan;

import java.time.Duration;

/**
 * Totals over the steps. The duration assumes {@code assumedRowsPerSecond} (copy, catch-up and
 * verification together) until a run has measured the real rate.
 */
public record PlanEstimate(long totalRows, long totalBytes, Duration duration, double movedHashShare,
                           long assumedRowsPerSecond) {
}
