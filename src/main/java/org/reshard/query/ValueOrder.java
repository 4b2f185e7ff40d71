package org.reshard.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order of normalised non-null values, as the databases sort them: numbers by value whatever their
 * Java type, text by code point (PostgreSQL's C collations, SQLite's BINARY), and across storage
 * classes SQLite's order (numbers, then text, then bytes).
 */
final class ValueOrder {

    static final Comparator<Object> NATURAL = ValueOrder::compare;

    private ValueOrder() {
    }

    static int compare(Object a, Object b) {
        int rank = Integer.compare(rank(a), rank(b));
        if (rank != 0) {
            return rank;
        }
        if (!(a instanceof Number) && a.getClass() != b.getClass()) {
            return a.getClass().getName().compareTo(b.getClass().getName());
        }
        return switch (a) {
            case Number n -> compareNumbers(n, (Number) b);
            case String s -> compareCodePoints(s, (String) b);
            case Boolean bool -> Boolean.compare(bool, (Boolean) b);
            case byte[] bytes -> Arrays.compareUnsigned(bytes, (byte[]) b);
            case OffsetDateTime t -> OffsetDateTime.timeLineOrder().compare(t, (OffsetDateTime) b);
            case LocalDateTime t -> t.compareTo((LocalDateTime) b);
            case LocalDate d -> d.compareTo((LocalDate) b);
            case LocalTime t -> t.compareTo((LocalTime) b);
            case OffsetTime t -> t.compareTo((OffsetTime) b);
            default -> compareCodePoints(a.toString(), b.toString());
        };
    }

    static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (isNonFinite(a) || isNonFinite(b)) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    static BigDecimal decimal(Number n) {
        return switch (n) {
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case Double d -> BigDecimal.valueOf(d);
            default -> new BigDecimal(n.toString());
        };
    }

    private static boolean isNonFinite(Number n) {
        return n instanceof Double d && (d.isNaN() || d.isInfinite());
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int rank(Object value) {
        return switch (value) {
            case Boolean b -> 0;
            case Number n -> 1;
            case String s -> 2;
            case byte[] b -> 3;
            default -> 4;
        };
    }
}
