package org.reshard.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;

/** The kind of a result column's values after normalisation (see {@link JdbcValues}). */
public enum ValueType {
    INTEGER, DECIMAL, FLOAT, BOOLEAN, TEXT, JSON, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, BYTES, OTHER;

    /** The type of a normalised value; OTHER for null. */
    public static ValueType of(Object value) {
        return switch (value) {
            case null -> OTHER;
            case Long l -> INTEGER;
            case BigDecimal d -> DECIMAL;
            case Double d -> FLOAT;
            case Boolean b -> BOOLEAN;
            case String s -> TEXT;
            case LocalDate d -> DATE;
            case LocalTime t -> TIME;
            case OffsetTime t -> TIME;
            case LocalDateTime t -> TIMESTAMP;
            case OffsetDateTime t -> TIMESTAMPTZ;
            case byte[] b -> BYTES;
            default -> OTHER;
        };
    }

    /** True for the types printed as JSON numbers. */
    public boolean isNumeric() {
        return this == INTEGER || this == DECIMAL || this == FLOAT;
    }
}
