package org.reshard.query;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Query values as text (the console's grid and export, {@code reshard query --format table|csv}): numbers in plain
 * notation, floating-point values as SQLite prints a REAL, timestamps in ISO-8601, bytes as PostgreSQL's \x hex.
 */
public final class ValueText {

    private ValueText() {
    }

    /** The text of a non-null value. */
    public static String of(Object value) {
        return switch (value) {
            case BigDecimal d -> d.toPlainString();
            case Double d when Double.isFinite(d) -> real(d);
            case OffsetDateTime t -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
            case LocalDateTime t -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
            case OffsetTime t -> DateTimeFormatter.ISO_OFFSET_TIME.format(t);
            case LocalTime t -> DateTimeFormatter.ISO_LOCAL_TIME.format(t);
            case byte[] bytes -> "\\x" + HexFormat.of().formatHex(bytes);
            default -> String.valueOf(value);
        };
    }

    /**
     * A floating-point value with 15 significant digits, as SQLite's shell prints a REAL: a sum over SQLite NUMERIC
     * columns reads 10919346.51, not the binary double's full expansion 10919346.510000002 (JSON keeps the double).
     */
    public static String real(double value) {
        return SqliteValues.realText(value);
    }
}
