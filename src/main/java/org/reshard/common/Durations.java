package org.reshard.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 24h}, {@code 2d}, {@code 0}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private Durations() {
    }

    /** The duration, or an IllegalArgumentException whose message says how to write one. */
    public static Duration parse(String value) {
        Matcher m = FORMAT.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; write e.g. 500ms, 5s, 10m or 24h");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null && amount != 0) {
            throw new IllegalArgumentException("'" + value + "' needs a unit: ms, s, m, h or d");
        }
        return switch (unit == null ? "s" : unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The same notation back: the largest whole unit. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** For people, in the two largest units: "850 ms", "12 s", "4 min 12 s", "23 h 59 min", "2 d 3 h". */
    public static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }
}
