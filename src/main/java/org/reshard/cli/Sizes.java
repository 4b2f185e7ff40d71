package org.reshard.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable numbers for CLI tables. */
final class Sizes {

    private Sizes() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** A duration with milliseconds when it is short, e.g. "850 ms" or "1m 12s". */
    static String duration(Duration d, boolean precise) {
        if (precise && d.toMillis() < 10_000) {
            return d.toMillis() + " ms";
        }
        return duration(d);
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }
}
