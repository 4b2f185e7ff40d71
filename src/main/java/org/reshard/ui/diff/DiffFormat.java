package org.reshard.ui.diff;

import java.util.Locale;
import java.util.OptionalLong;
import org.reshard.topology.HashRange;
import org.reshard.topology.Routing;

/** How the diff screen writes numbers: the same grouping and precision as {@code reshard plan}. */
public final class DiffFormat {

    /** Shown where a number is not known. */
    public static final String UNKNOWN = "—";

    private DiffFormat() {
    }

    /** A share between 0 and 1 as a percentage with one decimal; tiny non-zero shares are not rounded to 0. */
    public static String percent(double fraction) {
        return percentNumber(fraction) + "%";
    }

    /** The number of {@link #percent} alone, for columns whose header says "%". */
    public static String percentNumber(double fraction) {
        double percent = fraction * 100;
        if (percent > 0 && percent < 0.05) {
            return "< 0.1";
        }
        if (percent < 100 && percent >= 99.95) {
            return "> 99.9";
        }
        return String.format(Locale.ROOT, "%.1f", percent);
    }

    public static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d", rows);
    }

    public static String rows(OptionalLong rows) {
        return rows.isPresent() ? rows(rows.getAsLong()) : UNKNOWN;
    }

    /** A range as signed decimals, inclusive at both ends, as topology files and plans write it. */
    public static String range(HashRange range) {
        return "[" + range.from() + ", " + range.to() + "]";
    }

    /** "1 step", "2 steps". */
    public static String count(long count, String singular, String plural) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? singular : plural);
    }

    /** A routing in words, for the header. */
    public static String routing(Routing routing) {
        return switch (routing) {
            case Routing.HashRanges ranges -> ranges.equal() ? "equal hash ranges" : "hash ranges";
            case Routing.HashRing ring -> "hash ring, " + count(ring.virtualNodes(), "virtual node", "virtual nodes") + " per shard";
        };
    }
}
