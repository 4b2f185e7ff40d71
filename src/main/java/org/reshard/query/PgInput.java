package org.reshard.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an untyped literal as PostgreSQL's input function for a type does (int8in, numeric_in, float8in,
 * boolin, date_in, timestamptz_in) and into the Java value {@link JdbcValues} reads for that type.
 * Text the database rejects fails with the database's words; text it may accept in a form read here
 * (dates other than ISO 8601, 'now', numeric NaN) fails as unsupported instead of being guessed.
 */
final class PgInput {

    // isspace() in the C locale: what PostgreSQL's number and boolean input skip around a value.
    private static final String SPACE = " \t\n\u000B\f\r";
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEX = Pattern.compile("[+-]?0[xX].*");
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4,})-(\\d{1,2})-(\\d{1,2})"
            + "(?:(?:[Tt]|\\s+)(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d+))?)?)?"
            + "\\s*(?:([Zz]|UTC|GMT)|([+-])(\\d{1,2})(?::?(\\d{2}))?)?");
    // numeric.c: NUMERIC_WEIGHT_MAX in decimal digits and NUMERIC_DSCALE_MAX.
    private static final int NUMERIC_MAX_INTEGER_DIGITS = 131072;
    private static final int NUMERIC_MAX_SCALE = 16383;
    private static final Set<String> MOVING_TIMES = Set.of("now", "today", "tomorrow", "yesterday", "allballs");
    private static final String ISO_FORMS = " literals in ISO 8601 form only (2025-01-31, 2025-01-31 10:00:00, 2025-01-31 10:00:00+02)";

    private PgInput() {
    }

    /**
     * The value of {@code text} as {@code type}; {@code sessionZone} places a timestamp with time zone
     * written without one, as the shard's session would.
     *
     * @throws MergeFailure when PostgreSQL rejects the text, or reshard cannot read it
     */
    static Object read(String text, PgType type, ZoneId sessionZone) {
        return switch (type.family()) {
            case INTEGER -> integer(text, type);
            case NUMERIC -> numeric(text);
            case FLOAT -> floating(text, type);
            case BOOLEAN -> bool(text);
            case TEXT, UNKNOWN -> text;
            case DATE, TIMESTAMP, TIMESTAMPTZ -> dateTime(text, type, sessionZone);
            case OTHER -> throw new MergeFailure(QueryErrors.unreadableLiteral(text, type.name(), "cannot read a literal as " + type.name()));
        };
    }

    private static long integer(String text, PgType type) {
        String digits = strip(text);
        if (!INTEGER.matcher(digits).matches()) {
            throw invalid(type, text);
        }
        BigInteger value = new BigInteger(digits);
        int bits = switch (type.name()) {
            case "smallint" -> 16;
            case "integer" -> 32;
            default -> 64;
        };
        if (value.bitLength() >= bits) {
            throw new MergeFailure(QueryErrors.invalidLiteral("value \"" + text + "\" is out of range for type " + type.name()));
        }
        return value.longValueExact();
    }

    private static BigDecimal numeric(String text) {
        String number = strip(text);
        if (NON_FINITE.matcher(number).matches()) {
            throw new MergeFailure(QueryErrors.unreadableLiteral(text, PgType.NUMERIC.name(), "compares numeric values as finite numbers only"));
        }
        if (!DECIMAL.matcher(number).matches()) {
            throw invalid(PgType.NUMERIC, text);
        }
        BigDecimal value = new BigDecimal(number);
        if (value.signum() != 0 && (value.precision() - value.scale() > NUMERIC_MAX_INTEGER_DIGITS || value.scale() > NUMERIC_MAX_SCALE)) {
            throw new MergeFailure(QueryErrors.invalidLiteral("value overflows numeric format"));
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    private static double floating(String text, PgType type) {
        String number = strip(text);
        Matcher nonFinite = NON_FINITE.matcher(number);
        if (nonFinite.matches()) {
            return nonFinite.group(1).equalsIgnoreCase("nan") ? Double.NaN
                    : number.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (HEX.matcher(number).matches()) {
            throw new MergeFailure(QueryErrors.unreadableLiteral(text, type.name(), "reads " + type.name() + " literals in decimal only"));
        }
        if (!DECIMAL.matcher(number).matches()) {
            throw invalid(type, text);
        }
        boolean real = type.equals(PgType.REAL);
        // A float4 is widened the way JdbcValues widens the Float pgjdbc returns: through its shortest decimal text.
        double value = real ? Double.parseDouble(Float.toString(Float.parseFloat(number))) : Double.parseDouble(number);
        boolean underflow = value == 0 && number.replaceFirst("[eE].*", "").chars().anyMatch(c -> c >= '1' && c <= '9');
        if (Double.isInfinite(value) || underflow) {
            throw new MergeFailure(QueryErrors.invalidLiteral("\"" + text + "\" is out of range for type " + type.name()));
        }
        return value;
    }

    /** boolin: a prefix of true, false, yes or no, on or a prefix of off of two letters at least, 1 or 0, case-insensitive. */
    private static boolean bool(String text) {
        String value = strip(text).toLowerCase(Locale.ROOT);
        if (prefixOf(value, "true", 1) || prefixOf(value, "yes", 1) || prefixOf(value, "on", 2) || value.equals("1")) {
            return true;
        }
        if (prefixOf(value, "false", 1) || prefixOf(value, "no", 1) || prefixOf(value, "off", 2) || value.equals("0")) {
            return false;
        }
        throw invalid(PgType.BOOLEAN, text);
    }

    private static boolean prefixOf(String value, String word, int minimumLength) {
        return value.length() >= minimumLength && word.startsWith(value);
    }

    private static Object dateTime(String text, PgType type, ZoneId sessionZone) {
        String value = strip(text);
        Matcher m = DATE_TIME.matcher(value);
        if (!m.matches()) {
            return special(text, value.toLowerCase(Locale.ROOT), type);
        }
        try {
            LocalDateTime local = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                    .atStartOfDay().plusNanos(m.group(4) == null ? 0 : timeOfDayNanos(m));
            return switch (type.family()) {
                case DATE -> local.toLocalDate();
                case TIMESTAMP -> local;
                default -> m.group(8) != null ? local.atOffset(ZoneOffset.UTC)
                        : m.group(9) != null ? local.atOffset(offset(m)) : local.atZone(sessionZone).toOffsetDateTime();
            };
        } catch (DateTimeException | NumberFormatException e) {
            throw new MergeFailure(QueryErrors.invalidLiteral("date/time field value out of range: \"" + text + "\""));
        }
    }

    /** The time of day in nanoseconds, rounded to PostgreSQL's microseconds; 24:00:00 is the end of the day, as PostgreSQL allows. */
    private static long timeOfDayNanos(Matcher m) {
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        BigDecimal fraction = m.group(7) == null ? BigDecimal.ZERO : new BigDecimal("0." + m.group(7)).setScale(6, RoundingMode.HALF_UP);
        boolean endOfDay = hour == 24 && minute == 0 && second == 0 && fraction.signum() == 0;
        if (!endOfDay && (hour > 23 || minute > 59 || second > 59)) {
            throw new DateTimeException("time of day out of range");
        }
        return ((hour * 60L + minute) * 60 + second) * 1_000_000_000L + fraction.movePointRight(9).longValueExact();
    }

    private static ZoneOffset offset(Matcher m) {
        int sign = m.group(9).equals("-") ? -1 : 1;
        int minutes = m.group(11) == null ? 0 : Integer.parseInt(m.group(11));
        return ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(m.group(10)), sign * minutes);
    }

    /** PostgreSQL's special date/time inputs: fixed ones are read, moving ones refused, text without a digit rejected. */
    private static Object special(String text, String word, PgType type) {
        boolean date = type.family() == PgType.Family.DATE;
        boolean zoned = type.family() == PgType.Family.TIMESTAMPTZ;
        switch (word) {
            case "epoch" -> {
                LocalDateTime epoch = LocalDateTime.of(1970, 1, 1, 0, 0);
                return date ? epoch.toLocalDate() : zoned ? epoch.atOffset(ZoneOffset.UTC) : epoch;
            }
            // pgjdbc reads the infinities as the largest and smallest java.time values.
            case "infinity", "+infinity" -> {
                return date ? LocalDate.MAX : zoned ? OffsetDateTime.MAX : LocalDateTime.MAX;
            }
            case "-infinity" -> {
                return date ? LocalDate.MIN : zoned ? OffsetDateTime.MIN : LocalDateTime.MIN;
            }
            default -> {
                if (!MOVING_TIMES.contains(word) && word.chars().noneMatch(Character::isDigit)) {
                    throw invalid(type, text);
                }
                throw new MergeFailure(QueryErrors.unreadableLiteral(text, type.name(), "reads " + type.name() + ISO_FORMS));
            }
        }
    }

    private static MergeFailure invalid(PgType type, String text) {
        return new MergeFailure(QueryErrors.invalidLiteral("invalid input syntax for type " + type.name() + ": \"" + text + "\""));
    }

    private static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && SPACE.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && SPACE.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }
}
