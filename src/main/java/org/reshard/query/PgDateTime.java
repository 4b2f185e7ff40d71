package org.reshard.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.linq4j.function.Strict;

/** PostgreSQL 15's timestamp, timestamptz and interval semantics on exact microsecond values, as Calcite user-defined functions. */
public final class PgDateTime {

    // The class stays flat (no nested types) and every entry point is a public static method with String/long/boolean/int
    // parameters, because Calcite finds user-defined functions by reflection on exactly such methods. @Strict makes
    // Calcite answer NULL for a NULL argument without calling the method, as PostgreSQL's strict functions do.

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
    // date2j(1970, 1, 1): PostgreSQL's Julian day of the Unix epoch.
    static final long UNIX_EPOCH_JULIAN_DAY = 2_440_588L;
    // MIN_TIMESTAMP (4714-11-24 BC 00:00 UTC, Julian day 0) in Unix microseconds; every long above it is below END_TIMESTAMP.
    private static final long MIN_MICROS = -UNIX_EPOCH_JULIAN_DAY * MICROS_PER_DAY;
    // MAX_TZDISP_HOUR: PostgreSQL refuses numeric offsets beyond 15 hours.
    private static final int MAX_OFFSET_HOURS = 15;

    private static final String ACCEPTED_TIMESTAMPS = "only ISO timestamps are accepted: YYYY-MM-DD, optionally followed by"
            + " a space or T and HH:MI, HH:MI:SS or HH:MI:SS.fraction, optionally followed by Z, UTC, GMT or an offset"
            + " such as +02, +02:00, +02:00:30 or -0530; or 'epoch'";

    // DATE [T|spaces TIME] [spaces] [ZONE]: the ISO subset of PostgreSQL's DecodeDateTime that this class reproduces exactly.
    private static final Pattern TIMESTAMP_TEXT = Pattern.compile(
            "\\s*(\\d{4})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:(?:[Tt]|\\s+)(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(\\.\\d*)?)?)?"
                    + "(\\s*)((?i:z|utc|gmt)|[+-]\\d{1,2}(?::\\d{1,2}(?::\\d{1,2})?)?|[+-]\\d{3,4})?\\s*");

    private static final String TIMESTAMPTZ_TYPE = "timestamp with time zone";
    private static final String TIMESTAMP_TYPE = "timestamp without time zone";

    // DecodeUnits' table (deltatktbl) and the unit words of DecodeSpecial's table (datetktbl), each mapped to the unit it
    // means; tokens are at most TOKMAXLEN (10) characters because PostgreSQL compares only that many.
    private static final Map<String, String> DELTA_UNITS = units(
            "c", "century", "cent", "century", "centuries", "century", "century", "century",
            "d", "day", "day", "day", "days", "day",
            "dec", "decade", "decade", "decade", "decades", "decade", "decs", "decade",
            "h", "hour", "hour", "hour", "hours", "hour", "hr", "hour", "hrs", "hour",
            "m", "minute", "min", "minute", "mins", "minute", "minute", "minute", "minutes", "minute",
            "microsecon", "microseconds", "us", "microseconds", "usec", "microseconds", "usecond", "microseconds",
            "useconds", "microseconds", "usecs", "microseconds",
            "mil", "millennium", "millennia", "millennium", "millennium", "millennium", "mils", "millennium",
            "millisecon", "milliseconds", "ms", "milliseconds", "msec", "milliseconds", "msecond", "milliseconds",
            "mseconds", "milliseconds", "msecs", "milliseconds",
            "mon", "month", "mons", "month", "month", "month", "months", "month",
            "qtr", "quarter", "quarter", "quarter",
            "s", "second", "sec", "second", "second", "second", "seconds", "second", "secs", "second",
            "timezone", "timezone", "timezone_h", "timezone_hour", "timezone_m", "timezone_minute",
            "w", "week", "week", "week", "weeks", "week",
            "y", "year", "year", "year", "years", "year", "yr", "year", "yrs", "year");
    // deltatktbl's entries that are not units: DecodeUnits finds them, so EXTRACT never looks further.
    private static final Set<String> DELTA_NON_UNITS = Set.of("@", "ago");
    private static final Map<String, String> SPECIAL_UNITS = units(
            "d", "day", "dow", "dow", "doy", "doy", "h", "hour", "isodow", "isodow", "isoyear", "isoyear",
            "j", "julian", "jd", "julian", "julian", "julian", "m", "month", "mm", "minute", "s", "second", "y", "year",
            "epoch", "epoch");
    // datetktbl's reserved words other than epoch: EXTRACT recognises them and then says they are not supported.
    private static final Set<String> SPECIAL_RESERVED = Set.of(
            "-infinity", "infinity", "allballs", "now", "today", "tomorrow", "yesterday");
    // Every datetktbl token: ParseDateTime consults it to decide whether letters followed by a digit start a date field.
    private static final Set<String> DATE_TOKENS = Set.of(
            "-infinity", "ad", "allballs", "am", "apr", "april", "at", "aug", "august", "bc", "d", "dec", "december",
            "dow", "doy", "dst", "epoch", "feb", "february", "fri", "friday", "h", "infinity", "isodow", "isoyear", "j",
            "jan", "january", "jd", "jul", "julian", "july", "jun", "june", "m", "mar", "march", "may", "mm", "mon",
            "monday", "nov", "november", "now", "oct", "october", "on", "pm", "s", "sat", "saturday", "sep", "sept",
            "september", "sun", "sunday", "t", "thu", "thur", "thurs", "thursday", "today", "tomorrow", "tue", "tues",
            "tuesday", "wed", "wednesday", "weds", "y", "yesterday");

    private static final Map<String, ZoneId> ZONES_BY_LOWER_NAME = zonesByLowerName();

    // interval_in's result codes (DTERR_*): only BAD_FORMAT lets PostgreSQL retry the text as an ISO 8601 interval.
    private static final int OK = 0;
    private static final int BAD_FORMAT = -1;
    private static final int FIELD_OVERFLOW = -2;

    // ParseDateTime's field types.
    private static final int FIELD_NUMBER = 0;
    private static final int FIELD_STRING = 1;
    private static final int FIELD_DATE = 2;
    private static final int FIELD_TIME = 3;
    private static final int FIELD_SIGNED = 4;
    private static final int FIELD_SPECIAL = 5;
    // interval_in's workbuf size and MAXDATEFIELDS: longer input is a syntax error in PostgreSQL too.
    private static final int WORK_BUFFER = 256;
    private static final int MAX_FIELDS = 25;

    // The four parts of PostgreSQL's pg_itm_in, kept in a long[] so that the class needs no nested type.
    private static final int YEARS = 0;
    private static final int MONTHS = 1;
    private static final int DAYS = 2;
    private static final int USECS = 3;

    // DTK_M bits of the interval fields, to refuse a unit given twice as DecodeInterval does.
    private static final int BIT_MICROSECOND = 1;
    private static final int BIT_MILLISECOND = 1 << 1;
    private static final int BIT_SECOND = 1 << 2;
    private static final int BIT_MINUTE = 1 << 3;
    private static final int BIT_HOUR = 1 << 4;
    private static final int BIT_DAY = 1 << 5;
    private static final int BIT_WEEK = 1 << 6;
    private static final int BIT_MONTH = 1 << 7;
    private static final int BIT_YEAR = 1 << 8;
    private static final int BIT_DECADE = 1 << 9;
    private static final int BIT_CENTURY = 1 << 10;
    private static final int BIT_MILLENNIUM = 1 << 11;
    private static final int ALL_SECONDS_BITS = BIT_SECOND | BIT_MILLISECOND | BIT_MICROSECOND;
    private static final int TIME_BITS = BIT_HOUR | BIT_MINUTE | ALL_SECONDS_BITS;
    // The units an interval can be written in, with their bits; quarter and the time zone units are not among them.
    private static final Map<String, Integer> UNIT_BITS = Map.ofEntries(
            Map.entry("microseconds", BIT_MICROSECOND), Map.entry("milliseconds", BIT_MILLISECOND),
            Map.entry("second", BIT_SECOND), Map.entry("minute", BIT_MINUTE), Map.entry("hour", BIT_HOUR),
            Map.entry("day", BIT_DAY), Map.entry("week", BIT_WEEK), Map.entry("month", BIT_MONTH),
            Map.entry("year", BIT_YEAR), Map.entry("decade", BIT_DECADE), Map.entry("century", BIT_CENTURY),
            Map.entry("millennium", BIT_MILLENNIUM));
    // ISO 8601 designators: M is months before the T and minutes after it.
    private static final Map<Character, String> ISO_DATE_UNITS = Map.of('Y', "year", 'M', "month", 'W', "week", 'D', "day");
    private static final Map<Character, String> ISO_TIME_UNITS = Map.of('H', "hour", 'M', "minute", 'S', "second");

    private PgDateTime() {
    }

    // ---------------------------------------------------------------- timestamp input

    /** PostgreSQL's timestamptz input for the ISO forms; text without an offset is local time in {@code zone}. */
    @Strict
    public static long timestamptzFromText(String text, String zone) {
        return fromText(text, true, zoneOf(zone));
    }

    /** PostgreSQL's timestamp (without time zone) input for the ISO forms; an offset is checked, then ignored. */
    @Strict
    public static long timestampFromText(String text) {
        return fromText(text, false, ZoneOffset.UTC);
    }

    private static long fromText(String text, boolean zoned, ZoneId zone) {
        if (text == null) {
            throw new IllegalArgumentException("timestamp text is null; " + ACCEPTED_TIMESTAMPS);
        }
        if (text.strip().equalsIgnoreCase("epoch")) {
            return 0;
        }
        Matcher m = TIMESTAMP_TEXT.matcher(text);
        boolean matched = m.matches();
        boolean hasTime = matched && m.group(4) != null;
        // "2024-01-31-05" is one malformed date field to PostgreSQL, not a date and an offset: a '-' offset needs a
        // time or a space before it.
        if (!matched || m.group(9) != null && !hasTime && m.group(8).isEmpty() && m.group(9).startsWith("-")) {
            throw refusedTimestamp(text);
        }
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("date/time field value out of range: \"" + text + "\"", e);
        }
        if (date.getYear() == 0) {
            throw new IllegalArgumentException("date/time field value out of range: \"" + text + "\"");
        }
        long timeOfDay = hasTime ? timeOfDay(m, text) : 0;
        long local = Math.addExact(Math.multiplyExact(date.toEpochDay(), MICROS_PER_DAY), timeOfDay);
        String offsetText = m.group(9);
        Integer offsetSeconds = offsetText == null ? null : offsetSeconds(offsetText, text);
        if (!zoned) {
            // timestamp_in decodes the offset (so a bad one is still an error) and then drops it.
            return checked(local);
        }
        if (offsetSeconds != null) {
            return checked(local - offsetSeconds * MICROS_PER_SECOND);
        }
        return checked(instantOfLocal(local, zone));
    }

    private static long timeOfDay(Matcher m, String text) {
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        // ParseFractionalSecond: strtod of the fraction, times a million, rint (round half to even on the double).
        long fraction = m.group(7) == null ? 0 : (long) Math.rint(Double.parseDouble("0" + m.group(7)) * 1_000_000);
        // time_overflows: 24:00:00 and a leap second 60 are allowed as long as the total stays within one day.
        long total = hour * MICROS_PER_HOUR + minute * MICROS_PER_MINUTE + second * MICROS_PER_SECOND + fraction;
        if (hour > 24 || minute >= 60 || second > 60 || fraction > MICROS_PER_SECOND || total > MICROS_PER_DAY) {
            throw new IllegalArgumentException("date/time field value out of range: \"" + text + "\"");
        }
        return total;
    }

    private static int offsetSeconds(String offset, String text) {
        if (!offset.startsWith("+") && !offset.startsWith("-")) {
            return 0; // Z, UTC, GMT
        }
        String[] parts = offset.substring(1).split(":");
        int hours = Integer.parseInt(parts[0]);
        int minutes = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        int seconds = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        if (parts.length == 1 && parts[0].length() > 2) {
            // DecodeTimezone reads run-together digits as hhmm.
            minutes = hours % 100;
            hours = hours / 100;
        }
        if (hours > MAX_OFFSET_HOURS || minutes >= 60 || seconds >= 60) {
            throw new IllegalArgumentException("time zone displacement out of range: \"" + text + "\"");
        }
        int total = (hours * 60 + minutes) * 60 + seconds;
        return offset.startsWith("-") ? -total : total;
    }

    private static IllegalArgumentException refusedTimestamp(String text) {
        return new IllegalArgumentException("not a timestamp PgDateTime reads exactly: \"" + text + "\"; " + ACCEPTED_TIMESTAMPS);
    }

    // ---------------------------------------------------------------- date_trunc

    /** date_trunc(field, value), truncating a timestamptz in the session zone as PostgreSQL does. */
    @Strict
    public static long dateTrunc(String field, long value, boolean zoned, String zone) {
        ZoneId zoneId = zoneOf(zone);
        String typeName = zoned ? TIMESTAMPTZ_TYPE : TIMESTAMP_TYPE;
        String lower = lowerUnit(field);
        String unit = DELTA_UNITS.get(unitKey(lower));
        if (unit == null) {
            throw new IllegalArgumentException("unit \"" + lower + "\" not recognized for type " + typeName);
        }
        checked(value);
        long offset = zoned ? offsetMicros(value, zoneId) : 0;
        LocalDateTime local = toLocalDateTime(plus(value, offset));
        LocalDateTime truncated = switch (unit) {
            case "microseconds" -> local;
            case "milliseconds" -> local.withNano(local.getNano() / 1_000_000 * 1_000_000);
            case "second" -> local.withNano(0);
            case "minute" -> local.withSecond(0).withNano(0);
            case "hour" -> local.withMinute(0).withSecond(0).withNano(0);
            case "day" -> local.toLocalDate().atStartOfDay();
            case "week" -> local.toLocalDate().with(DayOfWeek.MONDAY).atStartOfDay();
            case "month" -> local.toLocalDate().withDayOfMonth(1).atStartOfDay();
            case "quarter" -> LocalDate.of(local.getYear(), (local.getMonthValue() - 1) / 3 * 3 + 1, 1).atStartOfDay();
            case "year", "decade", "century", "millennium" ->
                    LocalDate.of(firstYearOf(unit, local.getYear()), 1, 1).atStartOfDay();
            default -> throw new IllegalArgumentException("unit \"" + lower + "\" not supported for type " + typeName);
        };
        long truncatedLocal = microsOfLocal(truncated);
        if (!zoned) {
            return checked(truncatedLocal);
        }
        if (unit.equals("microseconds") || unit.equals("milliseconds") || unit.equals("second")
                || unit.equals("minute") || unit.equals("hour")) {
            // Below a day PostgreSQL keeps the offset the value had (no redotz), even where the truncated local time
            // would have another one.
            return checked(truncatedLocal - offset);
        }
        return checked(instantOfLocal(truncatedLocal, zoneId));
    }

    // timestamp_trunc's year arithmetic on astronomical years (0 is 1 BC): decades start at years ending in 0,
    // centuries and millennia at years ending in 01 and 001.
    private static int firstYearOf(String unit, int year) {
        return switch (unit) {
            case "decade" -> year > 0 ? year / 10 * 10 : -((8 - (year - 1)) / 10) * 10;
            case "century" -> year > 0 ? (year + 99) / 100 * 100 - 99 : -((99 - (year - 1)) / 100) * 100 + 1;
            case "millennium" -> year > 0 ? (year + 999) / 1000 * 1000 - 999 : -((999 - (year - 1)) / 1000) * 1000 + 1;
            default -> year;
        };
    }

    // ---------------------------------------------------------------- extract

    /** EXTRACT(field FROM value) as PostgreSQL 14+ computes it: a numeric with PostgreSQL's value and scale. */
    @Strict
    public static BigDecimal extract(String field, long value, boolean zoned, String zone) {
        ZoneId zoneId = zoneOf(zone);
        String typeName = zoned ? TIMESTAMPTZ_TYPE : TIMESTAMP_TYPE;
        String lower = lowerUnit(field);
        String unit = unitOf(field, typeName);
        checked(value);
        if (unit.equals("epoch")) {
            // The epoch of a timestamp without time zone is that of its nominal time read as UTC, as in PostgreSQL.
            return BigDecimal.valueOf(value, 6);
        }
        long offsetSeconds = zoned ? offsetMicros(value, zoneId) / MICROS_PER_SECOND : 0;
        LocalDateTime local = toLocalDateTime(plus(value, offsetSeconds * MICROS_PER_SECOND));
        long secondMicros = local.getSecond() * MICROS_PER_SECOND + local.getNano() / 1000;
        int year = local.getYear();
        switch (unit) {
            case "microseconds":
                return BigDecimal.valueOf(secondMicros);
            case "milliseconds":
                return BigDecimal.valueOf(secondMicros, 3);
            case "second":
                return BigDecimal.valueOf(secondMicros, 6);
            case "julian":
                return julian(local);
            default:
                break;
        }
        long result = switch (unit) {
            case "minute" -> local.getMinute();
            case "hour" -> local.getHour();
            case "day" -> local.getDayOfMonth();
            case "month" -> local.getMonthValue();
            case "quarter" -> (local.getMonthValue() - 1) / 3 + 1;
            case "week" -> local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            // There is no year 0: astronomical year 0 is 1 BC, reported as -1.
            case "year" -> year > 0 ? year : year - 1;
            case "decade" -> year >= 0 ? year / 10 : -((8 - (year - 1)) / 10);
            case "century" -> year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
            case "millennium" -> year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
            case "isoyear" -> {
                int isoYear = local.get(IsoFields.WEEK_BASED_YEAR);
                yield isoYear > 0 ? isoYear : isoYear - 1;
            }
            case "dow" -> local.getDayOfWeek().getValue() % 7;
            case "isodow" -> local.getDayOfWeek().getValue();
            case "doy" -> local.getDayOfYear();
            case "timezone" -> zonedOnly(offsetSeconds, zoned, lower, typeName);
            // C's truncating division, so -05:30 gives hour -5 and minute -30.
            case "timezone_hour" -> zonedOnly(offsetSeconds, zoned, lower, typeName) / 3600;
            case "timezone_minute" -> zonedOnly(offsetSeconds, zoned, lower, typeName) / 60 % 60;
            default -> throw new IllegalArgumentException("unit \"" + lower + "\" not supported for type " + typeName);
        };
        return BigDecimal.valueOf(result);
    }

    /** The canonical unit of an extract or date_part field, or PostgreSQL's error for the type. */
    private static String unitOf(String field, String typeName) {
        String lower = lowerUnit(field);
        String key = unitKey(lower);
        String unit = DELTA_UNITS.get(key);
        if (unit == null && !DELTA_NON_UNITS.contains(key)) {
            unit = SPECIAL_UNITS.get(key);
            if (unit == null && SPECIAL_RESERVED.contains(key)) {
                throw new IllegalArgumentException("unit \"" + lower + "\" not supported for type " + typeName);
            }
        }
        if (unit == null) {
            throw new IllegalArgumentException("unit \"" + lower + "\" not recognized for type " + typeName);
        }
        return unit;
    }

    /**
     * date_part(field, value) as PostgreSQL 14+ computes it: a double precision, from the same fields as extract, with
     * PostgreSQL's own floating-point steps for the fractional ones (second, milliseconds, julian, epoch), so the
     * double is the one the server returns.
     */
    @Strict
    public static double datePart(String field, long value, boolean zoned, String zone) {
        String unit = unitOf(field, zoned ? TIMESTAMPTZ_TYPE : TIMESTAMP_TYPE);
        checked(value);
        long local = zoned ? plus(value, offsetMicros(value, zoneOf(zone))) : value;
        LocalDateTime at = toLocalDateTime(local);
        int second = at.getSecond();
        int fraction = at.getNano() / 1000;
        return switch (unit) {
            case "milliseconds" -> second * 1000.0 + fraction / 1000.0;
            case "second" -> second + fraction / 1_000_000.0;
            case "julian" -> (at.toLocalDate().toEpochDay() + UNIX_EPOCH_JULIAN_DAY)
                    + ((at.getHour() * 60 + at.getMinute()) * 60 + second + fraction / 1_000_000.0) / 86_400.0;
            case "epoch" -> value / 1_000_000.0;
            // Whole numbers: the double of extract's exact value.
            default -> extract(field, value, zoned, zone).doubleValue();
        };
    }

    private static long zonedOnly(long offsetSeconds, boolean zoned, String lower, String typeName) {
        if (!zoned) {
            throw new IllegalArgumentException("unit \"" + lower + "\" not supported for type " + typeName);
        }
        return offsetSeconds;
    }

    // Julian day plus the fraction of the day, with numeric division's scale (select_div_scale) for a divisor of
    // 86 400 000 000 (base-10000 weight 2, leading digit 864), rounded half away from zero as numeric.c rounds.
    private static BigDecimal julian(LocalDateTime local) {
        long day = local.toLocalDate().toEpochDay() + UNIX_EPOCH_JULIAN_DAY;
        long dayMicros = local.toLocalTime().toNanoOfDay() / 1000;
        int dividendWeight = 0;
        long leadingDigit = 0;
        if (dayMicros != 0) {
            long rest = dayMicros;
            while (rest >= 10_000) {
                rest /= 10_000;
                dividendWeight++;
            }
            leadingDigit = rest;
        }
        int quotientWeight = dividendWeight - 2;
        if (leadingDigit <= 864) {
            quotientWeight--;
        }
        int scale = Math.min(Math.max(16 - quotientWeight * 4, 0), 1000);
        BigDecimal fraction = BigDecimal.valueOf(dayMicros).divide(BigDecimal.valueOf(MICROS_PER_DAY), scale, RoundingMode.HALF_UP);
        return BigDecimal.valueOf(day).add(fraction);
    }

    // ---------------------------------------------------------------- interval arithmetic

    /** value + sign * interval, the interval in PostgreSQL's input syntax; months, then days, then microseconds. */
    @Strict
    public static long plusInterval(long value, String interval, int sign, boolean zoned, String zone) {
        ZoneId zoneId = zoneOf(zone);
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign must be 1 or -1, not " + sign);
        }
        checked(value);
        long[] parts = intervalIn(interval);
        long months = sign * parts[0];
        long days = sign * parts[1];
        if (months != (int) months || days != (int) days || parts[2] == Long.MIN_VALUE) {
            throw new IllegalArgumentException("interval out of range: \"" + interval + "\"");
        }
        long time = sign * parts[2];
        try {
            long result = value;
            if (months != 0) {
                result = shiftLocal(result, zoned, zoneId, local -> local.plusMonths(months));
            }
            if (days != 0) {
                result = shiftLocal(result, zoned, zoneId, local -> local.plusDays(days));
            }
            return checked(Math.addExact(result, time));
        } catch (ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException("timestamp out of range", e);
        }
    }

    // Months and days move the local date (in the session zone for timestamptz) and then find the instant again, so a
    // day across a DST change is 23 or 25 hours and Jan 31 + 1 month is Feb 29 or 28 (plusMonths clamps as PostgreSQL).
    private static long shiftLocal(long value, boolean zoned, ZoneId zone,
            UnaryOperator<LocalDateTime> shift) {
        if (!zoned) {
            return microsOfLocal(shift.apply(toLocalDateTime(value)));
        }
        long local = microsOfLocal(shift.apply(toLocalDateTime(plus(value, offsetMicros(value, zone)))));
        return instantOfLocal(local, zone);
    }

    /**
     * interval_in for IntervalStyle postgres: the interval's months, days and microseconds, refusing what PostgreSQL
     * refuses.
     */
    static long[] intervalIn(String text) {
        if (text == null) {
            throw new IllegalArgumentException("interval text is null");
        }
        long[] itm = new long[4];
        List<String> fields = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        int error = parseDateTime(text, fields, types);
        if (error == OK) {
            error = decodeInterval(fields, types, itm);
        }
        if (error == BAD_FORMAT) {
            itm = new long[4];
            error = decodeIso8601Interval(text, itm);
        }
        if (error == BAD_FORMAT) {
            throw new IllegalArgumentException("invalid input syntax for type interval: \"" + text + "\"");
        }
        if (error != OK) {
            throw new IllegalArgumentException("interval field value out of range: \"" + text + "\"");
        }
        // itmin2interval: years fold into months, which must fit an int like the days.
        long months = itm[YEARS] * 12 + itm[MONTHS];
        if (months != (int) months) {
            throw new IllegalArgumentException("interval out of range: \"" + text + "\"");
        }
        return new long[] {months, itm[DAYS], itm[USECS]};
    }

    // ParseDateTime: split the text into lower-cased fields and classify them.
    private static int parseDateTime(String text, List<String> fields, List<Integer> types) {
        int used = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            if (fields.size() >= MAX_FIELDS) {
                return BAD_FORMAT;
            }
            StringBuilder field = new StringBuilder();
            int type;
            if (isDigit(c)) {
                i = appendWhile(text, i, field, PgDateTime::isDigit);
                if (i < n && text.charAt(i) == ':') {
                    type = FIELD_TIME;
                    field.append(':');
                    i = appendWhile(text, i + 1, field, ch -> isDigit(ch) || ch == ':' || ch == '.');
                } else if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '/' || text.charAt(i) == '.')) {
                    char delimiter = text.charAt(i);
                    field.append(delimiter);
                    i++;
                    if (i < n && isDigit(text.charAt(i))) {
                        type = delimiter == '.' ? FIELD_NUMBER : FIELD_DATE;
                        i = appendWhile(text, i, field, PgDateTime::isDigit);
                        if (i < n && text.charAt(i) == delimiter) {
                            type = FIELD_DATE;
                            i = appendWhile(text, i, field, ch -> isDigit(ch) || ch == delimiter);
                        }
                    } else {
                        type = FIELD_DATE;
                        i = appendWhile(text, i, field, ch -> isAlnum(ch) || ch == delimiter);
                    }
                } else {
                    type = FIELD_NUMBER;
                }
            } else if (c == '.') {
                field.append('.');
                i = appendWhile(text, i + 1, field, PgDateTime::isDigit);
                type = FIELD_NUMBER;
            } else if (isAlpha(c)) {
                type = FIELD_STRING;
                i = appendWhile(text, i, field, PgDateTime::isAlpha);
                boolean isDate = false;
                if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '/' || text.charAt(i) == '.')) {
                    isDate = true;
                } else if (i < n && (text.charAt(i) == '+' || isDigit(text.charAt(i)))) {
                    isDate = !DATE_TOKENS.contains(unitKey(field.toString().toLowerCase(Locale.ROOT)));
                }
                if (isDate) {
                    type = FIELD_DATE;
                    field.append(text.charAt(i++));
                    i = appendWhile(text, i, field, ch -> ch == '+' || ch == '-' || ch == '/' || ch == '_'
                            || ch == '.' || ch == ':' || isAlnum(ch));
                }
            } else if (c == '+' || c == '-') {
                field.append(c);
                i++;
                while (i < n && isSpace(text.charAt(i))) {
                    i++;
                }
                if (i < n && isDigit(text.charAt(i))) {
                    type = FIELD_SIGNED;
                    i = appendWhile(text, i, field, ch -> isDigit(ch) || ch == ':' || ch == '.' || ch == '-');
                } else if (i < n && isAlpha(text.charAt(i))) {
                    type = FIELD_SPECIAL;
                    i = appendWhile(text, i, field, PgDateTime::isAlpha);
                } else {
                    return BAD_FORMAT;
                }
            } else if (isPunct(c)) {
                i++;
                continue;
            } else {
                return BAD_FORMAT;
            }
            // APPEND_CHAR's bound on the 256-byte work buffer, each field followed by its terminating NUL.
            if (used + field.length() >= WORK_BUFFER) {
                return BAD_FORMAT;
            }
            used += field.length() + 1;
            fields.add(field.toString().toLowerCase(Locale.ROOT));
            types.add(type);
        }
        return OK;
    }

    private static int appendWhile(String text, int from, StringBuilder field, IntPredicate accept) {
        int i = from;
        while (i < text.length() && accept.test(text.charAt(i))) {
            field.append(text.charAt(i++));
        }
        return i;
    }

    // DecodeInterval of PostgreSQL 15 (IntervalStyle postgres): fields are read right to left so that a unit is seen
    // before its number; a bare number takes the unit last seen (seconds at first, days after a time or hours).
    private static int decodeInterval(List<String> fields, List<Integer> types, long[] itm) {
        int fieldMask = 0;
        String type = null;
        boolean before = false;
        for (int i = fields.size() - 1; i >= 0; i--) {
            String field = fields.get(i);
            int mask;
            switch (types.get(i)) {
                case FIELD_TIME -> {
                    int error = decodeTimeForInterval(field, itm);
                    if (error != OK) {
                        return error;
                    }
                    mask = TIME_BITS;
                    type = "day";
                }
                case FIELD_SIGNED, FIELD_DATE, FIELD_NUMBER -> {
                    if (types.get(i) == FIELD_SIGNED && field.indexOf(':', 1) > 0
                            && decodeTimeForInterval(field.substring(1), itm) == OK) {
                        if (field.charAt(0) == '-') {
                            itm[USECS] = -itm[USECS];
                        }
                        mask = TIME_BITS;
                        type = "day";
                        break;
                    }
                    if (type == null) {
                        type = "second";
                    }
                    long[] number = new long[1];
                    int end = strtol(field, 0, number);
                    if (end < 0) {
                        return FIELD_OVERFLOW;
                    }
                    long value = number[0];
                    double fraction;
                    if (end < field.length() && field.charAt(end) == '-') {
                        // SQL's "years-months".
                        long[] monthsPart = new long[1];
                        int monthsEnd = strtol(field, end + 1, monthsPart);
                        if (monthsEnd < 0 || monthsPart[0] < 0 || monthsPart[0] >= 12) {
                            return FIELD_OVERFLOW;
                        }
                        if (monthsEnd != field.length()) {
                            return BAD_FORMAT;
                        }
                        type = "month";
                        long extraMonths = field.charAt(0) == '-' ? -monthsPart[0] : monthsPart[0];
                        try {
                            value = Math.addExact(Math.multiplyExact(value, 12), extraMonths);
                        } catch (ArithmeticException e) {
                            return FIELD_OVERFLOW;
                        }
                        fraction = 0;
                    } else if (end < field.length() && field.charAt(end) == '.') {
                        String rest = field.substring(end);
                        if (!rest.matches("\\.\\d*")) {
                            return BAD_FORMAT;
                        }
                        fraction = Double.parseDouble("0" + rest);
                        if (field.charAt(0) == '-') {
                            fraction = -fraction;
                        }
                    } else if (end == field.length()) {
                        fraction = 0;
                    } else {
                        return BAD_FORMAT;
                    }
                    if (!UNIT_BITS.containsKey(type)) {
                        return BAD_FORMAT;
                    }
                    if (!addUnit(itm, type, value, fraction)) {
                        return FIELD_OVERFLOW;
                    }
                    // Fractional seconds also count as milli- and microseconds given.
                    mask = type.equals("second") && fraction != 0 ? ALL_SECONDS_BITS : UNIT_BITS.get(type);
                    if (type.equals("hour")) {
                        type = "day";
                    }
                }
                case FIELD_STRING, FIELD_SPECIAL -> {
                    // PostgreSQL 15 looks words up in the units table only (no "ago" position or unit-pair checks yet).
                    String key = unitKey(field);
                    if (key.equals("@")) {
                        continue;
                    }
                    if (key.equals("ago")) {
                        before = true;
                        type = "ago";
                    } else if (DELTA_UNITS.containsKey(key)) {
                        type = DELTA_UNITS.get(key);
                    } else {
                        return BAD_FORMAT;
                    }
                    mask = 0;
                }
                default -> {
                    return BAD_FORMAT;
                }
            }
            if ((mask & fieldMask) != 0) {
                return BAD_FORMAT;
            }
            fieldMask |= mask;
        }
        if (fieldMask == 0) {
            return BAD_FORMAT;
        }
        if (before) {
            for (int part = 0; part < itm.length; part++) {
                itm[part] = -itm[part];
            }
        }
        return OK;
    }

    // DecodeTimeForInterval: h:m, h:m:s[.frac] or m:s.frac; unbounded hours, and it replaces (not adds to) the
    // microseconds so far, as PostgreSQL 15 does.
    private static int decodeTimeForInterval(String field, long[] itm) {
        long[] number = new long[1];
        int end = strtol(field, 0, number);
        if (end < 0) {
            return FIELD_OVERFLOW;
        }
        long hour = number[0];
        if (end >= field.length() || field.charAt(end) != ':') {
            return BAD_FORMAT;
        }
        end = strtol(field, end + 1, number);
        if (end < 0 || number[0] != (int) number[0]) {
            return FIELD_OVERFLOW;
        }
        long minute = number[0];
        long second = 0;
        long fraction = 0;
        if (end == field.length()) {
            second = 0;
        } else if (field.charAt(end) == '.') {
            // mm:ss.fff
            String rest = field.substring(end);
            if (!rest.matches("\\.\\d*")) {
                return BAD_FORMAT;
            }
            fraction = fractionalSecond(rest);
            if (hour != (int) hour) {
                return FIELD_OVERFLOW;
            }
            second = minute;
            minute = hour;
            hour = 0;
        } else if (field.charAt(end) == ':') {
            end = strtol(field, end + 1, number);
            if (end < 0 || number[0] != (int) number[0]) {
                return FIELD_OVERFLOW;
            }
            second = number[0];
            if (end < field.length() && field.charAt(end) == '.') {
                String rest = field.substring(end);
                if (!rest.matches("\\.\\d*")) {
                    return BAD_FORMAT;
                }
                fraction = fractionalSecond(rest);
            } else if (end != field.length()) {
                return BAD_FORMAT;
            }
        } else {
            return BAD_FORMAT;
        }
        if (hour < 0 || minute < 0 || minute > 59 || second < 0 || second > 60 || fraction < 0 || fraction > MICROS_PER_SECOND) {
            return FIELD_OVERFLOW;
        }
        try {
            itm[USECS] = Math.addExact(Math.addExact(Math.addExact(fraction, Math.multiplyExact(hour, MICROS_PER_HOUR)),
                    minute * MICROS_PER_MINUTE), second * MICROS_PER_SECOND);
        } catch (ArithmeticException e) {
            return FIELD_OVERFLOW;
        }
        return OK;
    }

    private static long fractionalSecond(String fraction) {
        return (long) Math.rint(Double.parseDouble("0" + fraction) * 1_000_000);
    }

    // DecodeISO8601Interval: "format with designators" (P1Y2M3DT4H5M6S) and the alternative format
    // (P0001-02-03T04:05:06), case-sensitive and on the text exactly as given.
    private static int decodeIso8601Interval(String text, long[] itm) {
        if (text.length() < 2 || text.charAt(0) != 'P') {
            return BAD_FORMAT;
        }
        boolean datePart = true;
        boolean haveField = false;
        int[] position = {1};
        while (position[0] < text.length()) {
            if (text.charAt(position[0]) == 'T') {
                datePart = false;
                haveField = false;
                position[0]++;
                continue;
            }
            int fieldStart = position[0];
            double[] number = new double[2];
            int error = iso8601Number(text, position, number);
            if (error != OK) {
                return error;
            }
            long value = (long) number[0];
            double fraction = number[1];
            char unit = position[0] < text.length() ? text.charAt(position[0]) : '\0';
            position[0]++;
            if (datePart) {
                switch (unit) {
                    case 'Y', 'M', 'W', 'D' -> {
                        if (!addUnit(itm, ISO_DATE_UNITS.get(unit), value, fraction)) {
                            return FIELD_OVERFLOW;
                        }
                    }
                    case 'T', '\0', '-' -> {
                        if (unit != '-' && integerWidth(text, fieldStart) == 8 && !haveField) {
                            // Basic alternative format: YYYYMMDD.
                            if (!addYears(itm, value / 10000, 1) || !addMonths(itm, (value / 100) % 100)
                                    || !addDays(itm, value % 100, 1) || !addFractionMicros(itm, fraction, MICROS_PER_DAY)) {
                                return FIELD_OVERFLOW;
                            }
                            if (unit == '\0') {
                                return OK;
                            }
                            datePart = false;
                            haveField = false;
                            continue;
                        }
                        // Extended alternative format: YYYY-MM-DD.
                        if (haveField) {
                            return BAD_FORMAT;
                        }
                        if (!addYears(itm, value, 1) || !addFractionYears(itm, fraction, 1)) {
                            return FIELD_OVERFLOW;
                        }
                        if (unit == '\0') {
                            return OK;
                        }
                        if (unit == 'T') {
                            datePart = false;
                            haveField = false;
                            continue;
                        }
                        error = iso8601Number(text, position, number);
                        if (error != OK) {
                            return error;
                        }
                        if (!addMonths(itm, (long) number[0]) || !addFractionDays(itm, number[1], 30)) {
                            return FIELD_OVERFLOW;
                        }
                        if (position[0] >= text.length()) {
                            return OK;
                        }
                        if (text.charAt(position[0]) == 'T') {
                            datePart = false;
                            haveField = false;
                            continue;
                        }
                        if (text.charAt(position[0]) != '-') {
                            return BAD_FORMAT;
                        }
                        position[0]++;
                        error = iso8601Number(text, position, number);
                        if (error != OK) {
                            return error;
                        }
                        if (!addDays(itm, (long) number[0], 1) || !addFractionMicros(itm, number[1], MICROS_PER_DAY)) {
                            return FIELD_OVERFLOW;
                        }
                        if (position[0] >= text.length()) {
                            return OK;
                        }
                        if (text.charAt(position[0]) == 'T') {
                            datePart = false;
                            haveField = false;
                            continue;
                        }
                        return BAD_FORMAT;
                    }
                    default -> {
                        return BAD_FORMAT;
                    }
                }
            } else {
                switch (unit) {
                    case 'H', 'M', 'S' -> {
                        if (!addUnit(itm, ISO_TIME_UNITS.get(unit), value, fraction)) {
                            return FIELD_OVERFLOW;
                        }
                    }
                    case '\0', ':' -> {
                        if (unit == '\0' && integerWidth(text, fieldStart) == 6 && !haveField) {
                            // Basic alternative format: HHMMSS.
                            if (!addMicros(itm, value / 10000, 0, MICROS_PER_HOUR)
                                    || !addMicros(itm, (value / 100) % 100, 0, MICROS_PER_MINUTE)
                                    || !addMicros(itm, value % 100, 0, MICROS_PER_SECOND)
                                    || !addFractionMicros(itm, fraction, 1)) {
                                return FIELD_OVERFLOW;
                            }
                            return OK;
                        }
                        // Extended alternative format: HH:MM:SS.
                        if (haveField) {
                            return BAD_FORMAT;
                        }
                        if (!addMicros(itm, value, fraction, MICROS_PER_HOUR)) {
                            return FIELD_OVERFLOW;
                        }
                        if (unit == '\0') {
                            return OK;
                        }
                        error = iso8601Number(text, position, number);
                        if (error != OK) {
                            return error;
                        }
                        if (!addMicros(itm, (long) number[0], number[1], MICROS_PER_MINUTE)) {
                            return FIELD_OVERFLOW;
                        }
                        if (position[0] >= text.length()) {
                            return OK;
                        }
                        if (text.charAt(position[0]) != ':') {
                            return BAD_FORMAT;
                        }
                        position[0]++;
                        error = iso8601Number(text, position, number);
                        if (error != OK) {
                            return error;
                        }
                        if (!addMicros(itm, (long) number[0], number[1], MICROS_PER_SECOND)) {
                            return FIELD_OVERFLOW;
                        }
                        return position[0] >= text.length() ? OK : BAD_FORMAT;
                    }
                    default -> {
                        return BAD_FORMAT;
                    }
                }
            }
            haveField = true;
        }
        return OK;
    }

    // ParseISO8601Number: strtod's decimal syntax (exponent included), split into a truncated integer part and the
    // fraction. strtod's hexadecimal floats ("P0x10D" is 269 years to PostgreSQL) are refused rather than imitated.
    private static int iso8601Number(String text, int[] position, double[] result) {
        int start = position[0];
        int n = text.length();
        if (start >= n || !(isDigit(text.charAt(start)) || text.charAt(start) == '-' || text.charAt(start) == '.')) {
            return BAD_FORMAT;
        }
        int i = start;
        if (text.charAt(i) == '-') {
            i++;
        }
        if (i + 1 < n && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) {
            throw new IllegalArgumentException("hexadecimal numbers in ISO 8601 intervals are not supported: \"" + text + "\"");
        }
        int digits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            // Nothing strtod reads as a decimal; "-inf" and "-nan" would be out of range in PostgreSQL, an error too.
            return BAD_FORMAT;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < n && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < n && isDigit(text.charAt(exponent))) {
                i = exponent;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        double value = Double.parseDouble(text.substring(start, i));
        if (Double.isNaN(value) || value < -1.0e15 || value > 1.0e15) {
            return FIELD_OVERFLOW;
        }
        double integer = value >= 0 ? Math.floor(value) : -Math.floor(-value);
        result[0] = integer;
        result[1] = value - integer;
        position[0] = i;
        return OK;
    }

    private static int integerWidth(String text, int fieldStart) {
        int i = fieldStart < text.length() && text.charAt(fieldStart) == '-' ? fieldStart + 1 : fieldStart;
        int width = 0;
        while (i + width < text.length() && isDigit(text.charAt(i + width))) {
            width++;
        }
        return width;
    }

    // strtoi64/strtoint: optional sign and digits from 'from'; the end index, 'from' itself when there are no digits,
    // or -1 on overflow.
    private static int strtol(String text, int from, long[] result) {
        int i = from;
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < text.length() && isDigit(text.charAt(i))) {
            int digit = text.charAt(i) - '0';
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return -1;
            }
            value = value * 10 - digit;
            i++;
        }
        if (i == digitsStart) {
            result[0] = 0;
            return from;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return -1;
        }
        result[0] = negative ? value : -value;
        return i;
    }

    // The Adjust* helpers of datetime.c: exact integer parts, fractions through a double as PostgreSQL computes them.

    // value + fraction of a unit: months and days stay separate parts, fractions spill over into the next smaller part
    // (a month as 30 days, a week as 7 days, a day as 24 hours) as DecodeInterval does.
    private static boolean addUnit(long[] itm, String unit, long value, double fraction) {
        return switch (unit) {
            case "microseconds" -> addMicros(itm, value, fraction, 1);
            case "milliseconds" -> addMicros(itm, value, fraction, 1000);
            case "second" -> addMicros(itm, value, fraction, MICROS_PER_SECOND);
            case "minute" -> addMicros(itm, value, fraction, MICROS_PER_MINUTE);
            case "hour" -> addMicros(itm, value, fraction, MICROS_PER_HOUR);
            case "day" -> addDays(itm, value, 1) && addFractionMicros(itm, fraction, MICROS_PER_DAY);
            case "week" -> addDays(itm, value, 7) && addFractionDays(itm, fraction, 7);
            case "month" -> addMonths(itm, value) && addFractionDays(itm, fraction, 30);
            case "year" -> addYears(itm, value, 1) && addFractionYears(itm, fraction, 1);
            case "decade" -> addYears(itm, value, 10) && addFractionYears(itm, fraction, 10);
            case "century" -> addYears(itm, value, 100) && addFractionYears(itm, fraction, 100);
            case "millennium" -> addYears(itm, value, 1000) && addFractionYears(itm, fraction, 1000);
            default -> throw new IllegalStateException("not an interval unit: " + unit);
        };
    }

    private static boolean addFractionMicros(long[] itm, double fraction, long scale) {
        if (fraction == 0) {
            return true;
        }
        double scaled = fraction * scale;
        long micros = (long) scaled;
        scaled -= micros;
        // Round the leftover fraction of a microsecond half away from zero, but exactly 0.5 stays down.
        if (scaled > 0.5) {
            micros++;
        } else if (scaled < -0.5) {
            micros--;
        }
        return addUsecs(itm, micros);
    }

    private static boolean addFractionDays(long[] itm, double fraction, int scale) {
        if (fraction == 0) {
            return true;
        }
        double scaled = fraction * scale;
        int extraDays = (int) scaled;
        if (!addInt(itm, DAYS, extraDays)) {
            return false;
        }
        return addFractionMicros(itm, scaled - extraDays, MICROS_PER_DAY);
    }

    private static boolean addFractionYears(long[] itm, double fraction, int scale) {
        // PostgreSQL 15.20 rounds a fraction of a year to whole months (rint), so 0.99 years is 1 year.
        int extraMonths = (int) Math.rint(fraction * scale * 12);
        return addInt(itm, MONTHS, extraMonths);
    }

    private static boolean addMicros(long[] itm, long value, double fraction, long scale) {
        try {
            itm[USECS] = Math.addExact(itm[USECS], Math.multiplyExact(value, scale));
        } catch (ArithmeticException e) {
            return false;
        }
        return addFractionMicros(itm, fraction, scale);
    }

    private static boolean addDays(long[] itm, long value, int scale) {
        if (value != (int) value) {
            return false;
        }
        long days = value * scale;
        return days == (int) days && addInt(itm, DAYS, days);
    }

    private static boolean addMonths(long[] itm, long value) {
        return value == (int) value && addInt(itm, MONTHS, value);
    }

    private static boolean addYears(long[] itm, long value, int scale) {
        if (value != (int) value) {
            return false;
        }
        long years = value * scale;
        return years == (int) years && addInt(itm, YEARS, years);
    }

    private static boolean addInt(long[] itm, int part, long value) {
        long sum = itm[part] + value;
        if (sum != (int) sum) {
            return false;
        }
        itm[part] = sum;
        return true;
    }

    private static boolean addUsecs(long[] itm, long value) {
        try {
            itm[USECS] = Math.addExact(itm[USECS], value);
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    // C's <ctype.h> classes in the C locale: bytes above ASCII are none of them, so PostgreSQL rejects them.
    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAlnum(int c) {
        return isDigit(c) || isAlpha(c);
    }

    private static boolean isPunct(int c) {
        return c > ' ' && c < 0x7f && !isAlnum(c);
    }

    // ---------------------------------------------------------------- conversions and output

    /** The instant as pgjdbc's getObject(i, OffsetDateTime.class) returns a timestamptz: at offset UTC. */
    @Strict
    public static OffsetDateTime toOffsetDateTime(long micros) {
        return OffsetDateTime.ofInstant(instant(micros), ZoneOffset.UTC);
    }

    /** The nominal local date-time of a timestamp without time zone. */
    @Strict
    public static LocalDateTime toLocalDateTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
    }

    /** Microseconds since the Unix epoch of an instant; sub-microsecond precision is refused, not dropped. */
    public static long microsOf(Instant instant) {
        if (instant.getNano() % 1000 != 0) {
            throw new IllegalArgumentException("PostgreSQL keeps microseconds; " + instant + " has nanoseconds");
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timestamp out of range", e);
        }
    }

    /** Microseconds since 1970-01-01T00:00 of a nominal local date-time; sub-microsecond precision is refused. */
    public static long microsOfLocal(LocalDateTime local) {
        return microsOf(local.toInstant(ZoneOffset.UTC));
    }

    /** What value::text prints with DateStyle ISO: fraction without trailing zeros, offset as +01, +05:30 or +00:53:28. */
    @Strict
    public static String text(long value, boolean zoned, String zone) {
        ZoneId zoneId = zoneOf(zone);
        checked(value);
        int offsetSeconds = zoned ? (int) (offsetMicros(value, zoneId) / MICROS_PER_SECOND) : 0;
        LocalDateTime local = toLocalDateTime(plus(value, offsetSeconds * MICROS_PER_SECOND));
        StringBuilder out = new StringBuilder();
        int year = local.getYear();
        // Years before 1 AD print as their BC number with a trailing " BC".
        out.append(pad(year > 0 ? year : -(year - 1), 4)).append('-').append(pad(local.getMonthValue(), 2))
                .append('-').append(pad(local.getDayOfMonth(), 2)).append(' ').append(pad(local.getHour(), 2))
                .append(':').append(pad(local.getMinute(), 2)).append(':').append(pad(local.getSecond(), 2));
        int micros = local.getNano() / 1000;
        if (micros != 0) {
            String fraction = pad(micros, 6);
            out.append('.').append(fraction.replaceFirst("0+$", ""));
        }
        if (zoned) {
            int magnitude = Math.abs(offsetSeconds);
            out.append(offsetSeconds < 0 ? '-' : '+').append(pad(magnitude / 3600, 2));
            if (magnitude % 60 != 0) {
                out.append(':').append(pad(magnitude / 60 % 60, 2)).append(':').append(pad(magnitude % 60, 2));
            } else if (magnitude / 60 % 60 != 0) {
                out.append(':').append(pad(magnitude / 60 % 60, 2));
            }
        }
        if (year <= 0) {
            out.append(" BC");
        }
        return out.toString();
    }

    /**
     * A value converted between PostgreSQL's date/time types as PostgreSQL casts it: a date is its midnight, a timestamp
     * becomes a timestamptz in the session's zone (a local time in a gap or an overlap resolved as PostgreSQL does), and
     * back; a date is the day of the (zoned) timestamp. {@code from} and {@code to} are "date", "timestamp" or
     * "timestamptz"; dates are days since 1970-01-01, timestamps microseconds.
     */
    @Strict
    public static long convert(long value, String from, String to, String zone) {
        if (from.equals(to)) {
            return value;
        }
        ZoneId zoneId = zoneOf(zone);
        // Through the nominal local time: what each of the three types means in the session.
        long local = switch (from) {
            case "date" -> Math.multiplyExact(value, 86_400L * MICROS_PER_SECOND);
            case "timestamp" -> value;
            case "timestamptz" -> plus(checked(value), offsetMicros(value, zoneId));
            default -> throw new IllegalArgumentException("not a date/time type: " + from);
        };
        return switch (to) {
            case "date" -> Math.floorDiv(local, 86_400L * MICROS_PER_SECOND);
            case "timestamp" -> local;
            case "timestamptz" -> instantOfLocal(local, zoneId);
            default -> throw new IllegalArgumentException("not a date/time type: " + to);
        };
    }

    /**
     * extract(field FROM date) as PostgreSQL 14 and later compute it: the fields of the date's midnight, as numerics of
     * scale 0; the time-of-day fields are an error for a date, in PostgreSQL's words.
     */
    @Strict
    public static BigDecimal extractFromDate(String field, long days) {
        String unit = unitOf(field, "date");
        if (java.util.Set.of("hour", "minute", "second", "milliseconds", "microseconds", "timezone", "timezone_hour",
                "timezone_minute").contains(unit)) {
            throw new IllegalArgumentException("unit \"" + lowerUnit(field) + "\" not supported for type date");
        }
        return extract(field, Math.multiplyExact(days, 86_400L * MICROS_PER_SECOND), false, "UTC").setScale(0, java.math.RoundingMode.UNNECESSARY);
    }

    // ---------------------------------------------------------------- intervals between timestamps

    // timestamp - timestamp in PostgreSQL is an interval of no months, its days and time justified (interval_justify_hours):
    // the whole days of the difference and the rest, both with its sign. Such an interval is its microseconds.

    /** timestamp - timestamp (both of one kind: the planner converts the other first), as the interval's microseconds. */
    @Strict
    public static long timestampMinus(long value, long other) {
        try {
            return Math.subtractExact(value, other);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("interval out of range", e);
        }
    }

    /** The interval of {@code micros} (days and time, as timestamp - timestamp gives it) as interval_out prints it in IntervalStyle postgres. */
    @Strict
    public static String intervalText(long micros) {
        long days = micros / MICROS_PER_DAY;
        long time = micros % MICROS_PER_DAY;
        StringBuilder out = new StringBuilder();
        if (days != 0) {
            out.append(days).append(days == 1 ? " day" : " days");
        }
        if (days == 0 || time != 0) {
            long magnitude = Math.abs(time);
            // The days and the time share the difference's sign, so the time needs no "+" of its own.
            out.append(days == 0 ? "" : " ").append(time < 0 ? "-" : "")
                    .append(pad(magnitude / MICROS_PER_HOUR, 2)).append(':').append(pad(magnitude / MICROS_PER_MINUTE % 60, 2))
                    .append(':').append(pad(magnitude / MICROS_PER_SECOND % 60, 2));
            long fraction = magnitude % MICROS_PER_SECOND;
            if (fraction != 0) {
                out.append('.').append(pad(fraction, 6).replaceFirst("0+$", ""));
            }
        }
        return out.toString();
    }

    /** extract(field FROM interval) as PostgreSQL 14+ computes it (a numeric), for an interval of days and time. */
    @Strict
    public static BigDecimal extractInterval(String field, long micros) {
        String unit = unitOf(field, "interval");
        long days = micros / MICROS_PER_DAY;
        long time = micros % MICROS_PER_DAY;
        long secondMicros = time % MICROS_PER_MINUTE;
        return switch (unit) {
            case "epoch" -> BigDecimal.valueOf(micros, 6);
            case "microseconds" -> BigDecimal.valueOf(secondMicros);
            case "milliseconds" -> BigDecimal.valueOf(secondMicros, 3);
            case "second" -> BigDecimal.valueOf(secondMicros, 6);
            case "minute" -> BigDecimal.valueOf(time / MICROS_PER_MINUTE % 60);
            case "hour" -> BigDecimal.valueOf(time / MICROS_PER_HOUR);
            case "day" -> BigDecimal.valueOf(days);
            // No months: year, month, decade, century and millennium are 0; quarter is (0 / 3) + 1.
            case "month", "year", "decade", "century", "millennium" -> BigDecimal.ZERO;
            case "quarter" -> BigDecimal.ONE;
            default -> throw new IllegalArgumentException("unit \"" + lowerUnit(field) + "\" not supported for type interval");
        };
    }

    /**
     * date_part(field, interval) as PostgreSQL 14+ computes it (a double precision) for an interval of days and time:
     * second, milliseconds and epoch by the server's floating-point steps, the whole fields as extract's value.
     */
    @Strict
    public static double datePartInterval(String field, long micros) {
        String unit = unitOf(field, "interval");
        long days = micros / MICROS_PER_DAY;
        long time = micros % MICROS_PER_DAY;
        long second = time % MICROS_PER_MINUTE / MICROS_PER_SECOND;
        long fraction = time % MICROS_PER_SECOND;
        return switch (unit) {
            // The month terms PostgreSQL adds are 0 here.
            case "epoch" -> time / 1_000_000.0 + 86_400.0 * days;
            case "second" -> second + fraction / 1_000_000.0;
            case "milliseconds" -> second * 1000.0 + fraction / 1000.0;
            default -> extractInterval(field, micros).doubleValue();
        };
    }

    /**
     * What an interval literal weighs when PostgreSQL compares intervals (interval_cmp_value): a month is 30 days and a
     * day 24 hours, so it orders against timestamp - timestamp as the server orders it.
     */
    static long intervalCompareMicros(String text) {
        long[] interval = intervalIn(text);
        try {
            return Math.addExact(Math.multiplyExact(Math.addExact(Math.multiplyExact(interval[0], 30), interval[1]), MICROS_PER_DAY), interval[2]);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("interval '" + text + "' is too large to compare here", e);
        }
    }

    /** date ± days as PostgreSQL's date_pli and date_mii: a day number outside PostgreSQL's dates is an error, as there. */
    @Strict
    public static long datePlusDays(long days, long count, int sign) {
        long result = days + sign * count;
        // PostgreSQL's dates run from Julian day 0 (4714-11-24 BC) to 5874897-12-31.
        if (result < -UNIX_EPOCH_JULIAN_DAY || result >= 2_147_483_494L - UNIX_EPOCH_JULIAN_DAY) {
            throw new IllegalArgumentException("date out of range");
        }
        return result;
    }

    /** date - date: the days between, an integer as in PostgreSQL. */
    @Strict
    public static int daysBetween(long days, long other) {
        return Math.toIntExact(days - other);
    }

    /** date::text in DateStyle ISO: 2026-01-31. Years outside 1 to 9999 (PostgreSQL prints them otherwise) are refused. */
    @Strict
    public static String dateText(long days) {
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new IllegalArgumentException("date " + date + " is outside the years 1 to 9999 the federated engine prints");
        }
        return date.toString();
    }

    /** The number zero-padded to the width, as printf's %0*d prints a non-negative one. */
    static String pad(long number, int width) {
        String digits = Long.toString(number);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }

    // Wall-clock arithmetic near the ends of the long range must fail, not wrap around.
    private static long plus(long micros, long offset) {
        try {
            return Math.addExact(micros, offset);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timestamp out of range", e);
        }
    }

    private static long offsetMicros(long instantMicros, ZoneId zone) {
        return zone.getRules().getOffset(instant(instantMicros)).getTotalSeconds() * MICROS_PER_SECOND;
    }

    // DetermineTimeZoneOffset: a local time in a spring-forward gap or a fall-back overlap resolves to the later of
    // its two candidate instants (gap: the offset from before the change; overlap: the offset from after it).
    private static long instantOfLocal(long localMicros, ZoneId zone) {
        ZonedDateTime resolved = ZonedDateTime.ofLocal(toLocalDateTime(localMicros), zone, null).withLaterOffsetAtOverlap();
        return microsOf(resolved.toInstant());
    }

    private static long checked(long micros) {
        if (micros < MIN_MICROS) {
            throw new IllegalArgumentException("timestamp out of range");
        }
        return micros;
    }

    // PostgreSQL takes zone names case-insensitively; offsets like '+05' are refused because SET TIME ZONE reads
    // them as POSIX zones, with the sign inverted.
    private static ZoneId zoneOf(String zone) {
        ZoneId zoneId = zone == null ? null : ZONES_BY_LOWER_NAME.get(zone.toLowerCase(Locale.ROOT));
        if (zoneId == null) {
            throw new IllegalArgumentException("time zone \"" + zone + "\" not recognized; give an IANA zone name such as Europe/Berlin or UTC");
        }
        return zoneId;
    }

    private static Map<String, ZoneId> zonesByLowerName() {
        Map<String, ZoneId> zones = new HashMap<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            zones.put(id.toLowerCase(Locale.ROOT), ZoneId.of(id));
        }
        return Map.copyOf(zones);
    }

    // downcase_truncate_identifier: lower case, at most NAMEDATALEN - 1 (63) bytes; the unit words are ASCII.
    private static String lowerUnit(String field) {
        if (field == null) {
            throw new IllegalArgumentException("unit is null");
        }
        String lower = field.toLowerCase(Locale.ROOT);
        return lower.length() > 63 ? lower.substring(0, 63) : lower;
    }

    // datebsearch compares TOKMAXLEN (10) characters, so "microsecondsxyz" is "microsecon".
    private static String unitKey(String lower) {
        return lower.length() > 10 ? lower.substring(0, 10) : lower;
    }

    private static Map<String, String> units(String... tokenAndUnit) {
        Map<String, String> units = new HashMap<>();
        for (int i = 0; i < tokenAndUnit.length; i += 2) {
            units.put(tokenAndUnit[i], tokenAndUnit[i + 1]);
        }
        return Map.copyOf(units);
    }
}
