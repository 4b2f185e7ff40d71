package org.reshard.query;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's date/time types the federated engine carries as exact bigints: a timestamp with time zone as
 * microseconds since 1970-01-01T00:00Z, a timestamp as microseconds since 1970-01-01T00:00 (nominal), a date as
 * days since 1970-01-01. Ordered by PostgreSQL's preference when two meet in a comparison: the later one wins (an
 * interval meets none of them).
 */
enum DateTimeKind {
    DATE("date", SqlTypeName.DATE, ValueType.DATE),
    TIMESTAMP("timestamp", SqlTypeName.TIMESTAMP, ValueType.TIMESTAMP),
    TIMESTAMPTZ("timestamptz", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, ValueType.TIMESTAMPTZ),
    /**
     * The interval timestamp - timestamp gives: no months, whole days and a time of the same sign, carried as its
     * microseconds and printed as PostgreSQL prints it. Never a column's kind: an interval column keeps its text.
     */
    INTERVAL("interval", SqlTypeName.INTERVAL_DAY_SECOND, ValueType.TEXT);

    private final String pgName;
    private final SqlTypeName calciteType;
    private final ValueType valueType;

    DateTimeKind(String pgName, SqlTypeName calciteType, ValueType valueType) {
        this.pgName = pgName;
        this.calciteType = calciteType;
        this.valueType = valueType;
    }

    /** The kind of value a result column of this type holds. */
    ValueType valueType() {
        return valueType;
    }

    /** A bigint of this kind as the Java value pgjdbc reads for the type: {@code LocalDate}, {@code LocalDateTime} or {@code OffsetDateTime} (UTC). */
    Object value(long bigint) {
        return switch (this) {
            case DATE -> java.time.LocalDate.ofEpochDay(bigint);
            case TIMESTAMP -> PgDateTime.toLocalDateTime(bigint);
            case TIMESTAMPTZ -> PgDateTime.toOffsetDateTime(bigint);
            case INTERVAL -> PgDateTime.intervalText(bigint);
        };
    }

    /** PostgreSQL's name of the type (as pgjdbc's metadata reports it). */
    String pgName() {
        return pgName;
    }

    /** The Calcite type the statement is validated with. */
    SqlTypeName calciteType() {
        return calciteType;
    }

    boolean zoned() {
        return this == TIMESTAMPTZ;
    }

    /** The kind of a PostgreSQL type name, or null for another type. */
    static DateTimeKind ofPgName(String typeName) {
        for (DateTimeKind kind : values()) {
            if (kind != INTERVAL && kind.pgName.equals(typeName)) {
                return kind;
            }
        }
        return null;
    }

    /** The kind a validated type stands for, or null for another type. */
    static DateTimeKind of(RelDataType type) {
        if (type == null) {
            return null;
        }
        for (DateTimeKind kind : values()) {
            if (kind.calciteType == type.getSqlTypeName()) {
                return kind;
            }
        }
        return null;
    }
}
