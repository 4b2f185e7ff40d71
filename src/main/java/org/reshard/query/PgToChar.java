package org.reshard.query;

import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.linq4j.function.Strict;

/**
 * PostgreSQL 15's {@code to_char(timestamp|timestamptz|date, format)} (formatting.c) on the exact values the federated
 * engine holds: the same format parse (case-sensitive keywords, longest first; FM, TH/th, SP; quoted text), the same
 * fields and paddings. A date is formatted as PostgreSQL does it, as the timestamptz of its midnight in the session.
 * The time zone's abbreviation (TZ) and localized names (the TM prefix) are refused: they depend on the server's time
 * zone data and lc_time, which the console cannot see.
 */
public final class PgToChar {

    // The entry point is public static with String/long parameters and @Strict, as PgDateTime's: Calcite finds it by reflection.

    /** PostgreSQL's keyword table for the date/time patterns, in its order: within a first letter, the longer first. */
    private static final List<String> KEYWORDS = List.of(
            "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day", "Dy", "D",
            "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FX", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I",
            "J", "MI", "MM", "MONTH", "MON", "MS", "Month", "Mon", "OF", "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS",
            "TZH", "TZM", "TZ", "US", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY", "Y",
            "a.d.", "a.m.", "ad", "am", "b.c.", "bc", "cc", "day", "ddd", "dd", "dy", "d",
            "ff1", "ff2", "ff3", "ff4", "ff5", "ff6", "fx", "hh24", "hh12", "hh", "iddd", "id", "iw", "iyyy", "iyy", "iy", "i",
            "j", "mi", "mm", "month", "mon", "ms", "of", "p.m.", "pm", "q", "rm", "sssss", "ssss", "ss",
            "tzh", "tzm", "tz", "us", "ww", "w", "y,yyy", "yyyy", "yyy", "yy", "y");
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"};
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    private static final String[] ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
    /** The patterns the TM prefix translates. */
    private static final Set<String> NAMES = Set.of("MONTH", "Month", "month", "MON", "Mon", "mon", "DAY", "Day",
            "day", "DY", "Dy", "dy");

    /** One piece of a parsed format: text to copy, or a keyword with its FM or TM prefix and TH/th suffix. */
    private record Node(String literal, String keyword, boolean fillMode, boolean localized, String ordinal) {
    }

    /** Parsed formats: a query's format is a literal, parsed once instead of once per row. */
    private static final Map<String, List<Node>> PARSED = new ConcurrentHashMap<>();

    private PgToChar() {
    }

    /**
     * to_char(value, format), or null for an empty format; {@code kind} is "date" (days since 1970), "timestamp" or
     * "timestamptz" (microseconds), and a timestamptz and a date are formatted in {@code zone}, as the session's time zone.
     */
    @Strict
    public static String toChar(String format, long value, String kind, String zone) {
        if (format.isEmpty()) {
            // As timestamp_to_char: an empty format gives NULL, not an empty string.
            return null;
        }
        long micros = kind.equals("date") ? PgDateTime.convert(value, "date", "timestamptz", zone) : value;
        boolean zoned = !kind.equals("timestamp");
        long local = zoned ? PgDateTime.convert(micros, "timestamptz", "timestamp", zone) : micros;
        int offsetSeconds = (int) ((local - micros) / 1_000_000L);
        LocalDateTime at = PgDateTime.toLocalDateTime(local);
        StringBuilder out = new StringBuilder();
        for (Node node : parsed(format)) {
            if (node.literal() != null) {
                out.append(node.literal());
            } else {
                out.append(field(node, at, offsetSeconds));
            }
        }
        return out.toString();
    }

    /**
     * Refuses, with the reason, a format whose output the console cannot reproduce exactly: the zone abbreviation and
     * localized names.
     *
     * @throws IllegalArgumentException naming the pattern
     */
    static void checkFormat(String format) {
        for (Node node : parsed(format)) {
            if (node.keyword() != null && node.keyword().equalsIgnoreCase("tz")) {
                throw new IllegalArgumentException("to_char's TZ (the time zone's abbreviation) comes from the server's time zone"
                        + " data; use OF (the offset, as +01)");
            }
            if (node.localized() && NAMES.contains(node.keyword())) {
                throw new IllegalArgumentException("to_char's TM prefix (localized names) follows the server's lc_time;"
                        + " leave it out for English names");
            }
        }
    }

    private static List<Node> parsed(String format) {
        if (PARSED.size() > 256) {
            PARSED.clear();
        }
        return PARSED.computeIfAbsent(format, PgToChar::parse);
    }

    private static List<Node> parse(String format) {
        List<Node> nodes = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            boolean fillMode = format.startsWith("FM", i) || format.startsWith("fm", i);
            boolean localized = format.startsWith("TM", i) || format.startsWith("tm", i);
            if (fillMode || localized) {
                i += 2;
            }
            String keyword = i < format.length() ? keywordAt(format, i) : null;
            if (keyword != null) {
                i += keyword.length();
                String ordinal = null;
                if (format.startsWith("TH", i) || format.startsWith("th", i)) {
                    ordinal = format.substring(i, i + 2);
                    i += 2;
                } else if (format.startsWith("SP", i)) {
                    // PostgreSQL parses SP ("spell mode") and ignores it.
                    i += 2;
                }
                nodes.add(new Node(null, keyword, fillMode, localized, ordinal));
            } else if (i < format.length() && format.charAt(i) == '"') {
                i++;
                StringBuilder quoted = new StringBuilder();
                while (i < format.length() && format.charAt(i) != '"') {
                    if (format.charAt(i) == '\\' && i + 1 < format.length()) {
                        i++;
                    }
                    quoted.appendCodePoint(format.codePointAt(i));
                    i += Character.charCount(format.codePointAt(i));
                }
                i++;
                nodes.add(new Node(quoted.toString(), null, false, false, null));
            } else if (i < format.length()) {
                // Outside quotes a backslash is special only before a double quote.
                if (format.charAt(i) == '\\' && i + 1 < format.length() && format.charAt(i + 1) == '"') {
                    i++;
                }
                int codePoint = format.codePointAt(i);
                nodes.add(new Node(new String(Character.toChars(codePoint)), null, false, false, null));
                i += Character.charCount(codePoint);
            }
        }
        return List.copyOf(nodes);
    }

    private static String keywordAt(String format, int at) {
        for (String keyword : KEYWORDS) {
            if (format.startsWith(keyword, at)) {
                return keyword;
            }
        }
        return null;
    }

    private static String field(Node node, LocalDateTime at, int offsetSeconds) {
        boolean fm = node.fillMode();
        int year = at.getYear();
        // PostgreSQL's years before 1 AD count down from 1 BC (astronomical year 0).
        int adjustedYear = year <= 0 ? -(year - 1) : year;
        int isoYear = at.get(IsoFields.WEEK_BASED_YEAR);
        int adjustedIsoYear = isoYear <= 0 ? -(isoYear - 1) : isoYear;
        int isoDayOfYear = (at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) - 1) * 7 + at.getDayOfWeek().getValue();
        int hour = at.getHour();
        int micros = at.getNano() / 1000;
        int weekday = at.getDayOfWeek().getValue() % 7;
        boolean pm = hour >= 12;
        int offset = Math.abs(offsetSeconds);
        String sign = offsetSeconds >= 0 ? "+" : "-";
        String text = switch (node.keyword()) {
            case "A.M.", "P.M." -> pm ? "P.M." : "A.M.";
            case "AM", "PM" -> pm ? "PM" : "AM";
            case "a.m.", "p.m." -> pm ? "p.m." : "a.m.";
            case "am", "pm" -> pm ? "pm" : "am";
            case "A.D.", "B.C." -> year <= 0 ? "B.C." : "A.D.";
            case "AD", "BC" -> year <= 0 ? "BC" : "AD";
            case "a.d.", "b.c." -> year <= 0 ? "b.c." : "a.d.";
            case "ad", "bc" -> year <= 0 ? "bc" : "ad";
            case "HH", "HH12", "hh", "hh12" -> number(hour % 12 == 0 ? 12 : hour % 12, fm ? 0 : 2, node);
            case "HH24", "hh24" -> number(hour, fm ? 0 : 2, node);
            case "MI", "mi" -> number(at.getMinute(), fm ? 0 : 2, node);
            case "SS", "ss" -> number(at.getSecond(), fm ? 0 : 2, node);
            case "MS", "ms" -> number(micros / 1000, 3, node);
            case "US", "us" -> number(micros, 6, node);
            case "FF1", "ff1" -> number(micros / 100_000, 1, node);
            case "FF2", "ff2" -> number(micros / 10_000, 2, node);
            case "FF3", "ff3" -> number(micros / 1000, 3, node);
            case "FF4", "ff4" -> number(micros / 100, 4, node);
            case "FF5", "ff5" -> number(micros / 10, 5, node);
            case "FF6", "ff6" -> number(micros, 6, node);
            case "SSSS", "SSSSS", "ssss", "sssss" -> number(at.toLocalTime().toSecondOfDay(), 0, node);
            case "TZH", "tzh" -> sign + PgDateTime.pad(offset / 3600, 2);
            case "TZM", "tzm" -> PgDateTime.pad(offset % 3600 / 60, 2);
            case "OF", "of" -> sign + PgDateTime.pad(offset / 3600, fm ? 0 : 2) + (offset % 3600 != 0 ? ":" + PgDateTime.pad(offset % 3600 / 60, 2) : "");
            case "MONTH" -> padRight(MONTHS[at.getMonthValue() - 1].toUpperCase(Locale.ROOT), fm ? 0 : 9);
            case "Month" -> padRight(MONTHS[at.getMonthValue() - 1], fm ? 0 : 9);
            case "month" -> padRight(MONTHS[at.getMonthValue() - 1].toLowerCase(Locale.ROOT), fm ? 0 : 9);
            case "MON" -> MONTHS[at.getMonthValue() - 1].substring(0, 3).toUpperCase(Locale.ROOT);
            case "Mon" -> MONTHS[at.getMonthValue() - 1].substring(0, 3);
            case "mon" -> MONTHS[at.getMonthValue() - 1].substring(0, 3).toLowerCase(Locale.ROOT);
            case "MM", "mm" -> number(at.getMonthValue(), fm ? 0 : 2, node);
            case "DAY" -> padRight(DAYS[weekday].toUpperCase(Locale.ROOT), fm ? 0 : 9);
            case "Day" -> padRight(DAYS[weekday], fm ? 0 : 9);
            case "day" -> padRight(DAYS[weekday].toLowerCase(Locale.ROOT), fm ? 0 : 9);
            case "DY" -> DAYS[weekday].substring(0, 3).toUpperCase(Locale.ROOT);
            case "Dy" -> DAYS[weekday].substring(0, 3);
            case "dy" -> DAYS[weekday].substring(0, 3).toLowerCase(Locale.ROOT);
            case "DDD", "ddd" -> number(at.getDayOfYear(), fm ? 0 : 3, node);
            case "IDDD", "iddd" -> number(isoDayOfYear, fm ? 0 : 3, node);
            case "DD", "dd" -> number(at.getDayOfMonth(), fm ? 0 : 2, node);
            case "D", "d" -> number(weekday + 1, 0, node);
            case "ID", "id" -> number(at.getDayOfWeek().getValue(), 0, node);
            case "WW", "ww" -> number((at.getDayOfYear() - 1) / 7 + 1, fm ? 0 : 2, node);
            case "IW", "iw" -> number(at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), fm ? 0 : 2, node);
            case "W", "w" -> number((at.getDayOfMonth() - 1) / 7 + 1, 0, node);
            case "Q", "q" -> number((at.getMonthValue() - 1) / 3 + 1, 0, node);
            case "CC", "cc" -> century(year, fm, node);
            case "Y,YYY", "y,yyy" -> ordinal(adjustedYear / 1000 + "," + PgDateTime.pad(adjustedYear % 1000, 3), node);
            case "YYYY", "yyyy" -> number(adjustedYear, fm ? 0 : 4, node);
            case "YYY", "yyy" -> number(adjustedYear % 1000, fm ? 0 : 3, node);
            case "YY", "yy" -> number(adjustedYear % 100, fm ? 0 : 2, node);
            case "Y", "y" -> number(adjustedYear % 10, 0, node);
            case "IYYY", "iyyy" -> number(adjustedIsoYear, fm ? 0 : 4, node);
            case "IYY", "iyy" -> number(adjustedIsoYear % 1000, fm ? 0 : 3, node);
            case "IY", "iy" -> number(adjustedIsoYear % 100, fm ? 0 : 2, node);
            case "I", "i" -> number(adjustedIsoYear % 10, 0, node);
            case "RM" -> padRight(ROMAN[at.getMonthValue() - 1], fm ? 0 : 4);
            case "rm" -> padRight(ROMAN[at.getMonthValue() - 1].toLowerCase(Locale.ROOT), fm ? 0 : 4);
            case "J", "j" -> number(at.toLocalDate().toEpochDay() + PgDateTime.UNIX_EPOCH_JULIAN_DAY, 0, node);
            case "FX", "fx" -> "";
            default -> throw new IllegalArgumentException("to_char pattern " + node.keyword() + " is not federated");
        };
        return text;
    }

    // Century 21 is 2001-2100; 1 BC (year 0) starts century -1, as PostgreSQL counts.
    private static String century(int year, boolean fm, Node node) {
        int century = year > 0 ? (year - 1) / 100 + 1 : year / 100 - 1;
        return number(century, fm || century > 99 || century < -99 ? 0 : century >= 0 ? 2 : 3, node);
    }

    /** printf's %0*d, then the ordinal suffix TH asks for. */
    private static String number(long value, int width, Node node) {
        // The sign counts toward the width, as in C.
        String padded = value < 0 ? "-" + PgDateTime.pad(-value, width - 1) : PgDateTime.pad(value, width);
        return ordinal(padded, node);
    }

    // str_numth: teens take "th"; otherwise the last digit picks st, nd, rd or th.
    private static String ordinal(String number, Node node) {
        if (node.ordinal() == null) {
            return number;
        }
        char last = number.charAt(number.length() - 1);
        boolean teen = number.length() > 1 && number.charAt(number.length() - 2) == '1';
        String suffix = teen ? "th" : switch (last) {
            case '1' -> "st";
            case '2' -> "nd";
            case '3' -> "rd";
            default -> "th";
        };
        return number + (node.ordinal().equals("TH") ? suffix.toUpperCase(Locale.ROOT) : suffix);
    }

    private static String padRight(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
