package org.reshard.plan;

import java.util.Locale;
import java.util.Objects;

/**
 * The rows per second a plan's duration estimate assumes for copy, catch-up and verification together,
 * and the completed operation that measured it ({@code measuredBy} null: assumed, no run has measured it yet).
 */
public record CopyRate(long rowsPerSecond, String measuredBy) {

    /** What estimates assume until an operation against the same registry has completed. */
    public static final CopyRate ASSUMED = new CopyRate(50_000, null);

    public CopyRate {
        if (rowsPerSecond < 1) {
            throw new IllegalArgumentException("a copy rate must be at least 1 row/s, was " + rowsPerSecond);
        }
    }

    /** A rate measured by the completed operation {@code operationId}. */
    public static CopyRate measured(long rowsPerSecond, String operationId) {
        return new CopyRate(rowsPerSecond, Objects.requireNonNull(operationId, "operationId"));
    }

    public boolean isMeasured() {
        return measuredBy != null;
    }

    /** The rate and where it came from, for the plan screen and the command line. */
    public String describe() {
        String rate = String.format(Locale.ROOT, "%,d rows/s", rowsPerSecond);
        return isMeasured() ? rate + ", as operation " + measuredBy + " measured it"
                : rate + ", assumed until an operation against this registry completes";
    }
}
