package org.reshard.plan;

import java.time.Duration;

/** Totals over the steps, and a duration at {@code rate} (copy, catch-up and verification together). */
public record PlanEstimate(long totalRows, long totalBytes, Duration duration, double movedHashShare, CopyRate rate) {
}
