package org.reshard.common;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Instants as an operator reads them: local time, with "today"/"tomorrow" where that is shorter, and how far
 * away it is — "tomorrow 23:22, in 23 h 59 min". Machine-readable output (JSON, the state file) keeps ISO-8601.
 */
public final class Moments {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Moments() {
    }

    /** "today 14:05, in 2 h 3 min", "tomorrow 23:22, in 23 h 59 min", "2026-12-09 10:00, in 2 d 3 h", or "… ago" when past. */
    public static String relative(Instant when, Instant now, ZoneId zone) {
        Duration distance = Duration.between(now, when);
        String away = distance.isNegative() ? Durations.human(distance.negated()) + " ago" : "in " + Durations.human(distance);
        return local(when, now, zone) + ", " + away;
    }

    /** The local wall-clock time, naming the day as today, tomorrow or yesterday when it is one of those. */
    public static String local(Instant when, Instant now, ZoneId zone) {
        ZonedDateTime at = when.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate day = at.toLocalDate();
        if (day.equals(today)) {
            return "today " + CLOCK.format(at);
        }
        if (day.equals(today.plusDays(1))) {
            return "tomorrow " + CLOCK.format(at);
        }
        if (day.equals(today.minusDays(1))) {
            return "yesterday " + CLOCK.format(at);
        }
        return DAY.format(at);
    }
}
