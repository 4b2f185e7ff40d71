package org.reshard.query;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Query values as text: numbers in plain notation, timestamps in ISO-8601, bytes as PostgreSQL's \x hex. */
public final class ValueText {

    private ValueText() {
    }

    /** The text of a non-null value. */
    public static String of(Object value) {
        return switch (value) {
            case BigDecimal d -> d.toPlainString();
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d).toPlainString();
            case OffsetDateTime t -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
            case LocalDateTime t -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
            case OffsetTime t -> DateTimeFormatter.ISO_OFFSET_TIME.format(t);
            case LocalTime t -> DateTimeFormatter.ISO_LOCAL_TIME.format(t);
            case byte[] bytes -> "\\x" + HexFormat.of().formatHex(bytes);
            default -> String.valueOf(value);
        };
    }
}
