package org.reshard.query;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Values as equality sees them in GROUP BY, DISTINCT and COUNT(DISTINCT): numbers by value (5, 5.0 and
 * 5.00 are one group, as in both databases), bytes by content, timestamps with a time zone by instant.
 */
record ValueKey(List<Object> parts) {

    static ValueKey of(Object[] row, int[] columns) {
        Object[] parts = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            parts[i] = canonical(row[columns[i]]);
        }
        return new ValueKey(Arrays.asList(parts));
    }

    static ValueKey of(List<Object> values) {
        return new ValueKey(Arrays.asList(values.stream().map(ValueKey::canonical).toArray()));
    }

    static Object canonical(Object value) {
        return switch (value) {
            case null -> null;
            case Double d when d.isNaN() || d.isInfinite() -> d;
            case Number n -> ValueOrder.decimal(n).stripTrailingZeros();
            case byte[] bytes -> new Bytes(HexFormat.of().formatHex(bytes));
            case OffsetDateTime t -> t.toInstant();
            default -> value;
        };
    }

    /** Bytes compared by content; a record so they never equal a text value that looks the same. */
    private record Bytes(String hex) {
    }
}
