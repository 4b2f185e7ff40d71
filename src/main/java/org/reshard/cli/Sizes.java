package org.reshard.cli;

import java.util.Locale;

/** Human-readable numbers for CLI tables (durations: {@link org.reshard.common.Durations#human}). */
final class Sizes {

    private Sizes() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
