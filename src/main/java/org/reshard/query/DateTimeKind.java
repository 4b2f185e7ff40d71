package org.reshard.query;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's date/time types the federated engine carries as exact bigints: a timestamp with time zone as
 * microseconds since 1970-01-01T00:00Z, a timestamp as microseconds since 1970-01-01T00:00 (nominal), a date as
 * days since 1970-01-01. Ordered by PostgreSQL's preference when two meet in a comparison: the later one wins.
 */
enum DateTimeKind {
    DATE("date", SqlTypeName.DATE),
    TIMESTAMP("timestamp", SqlTypeName.TIMESTAMP),
    TIMESTAMPTZ("timestamptz", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    private final String pgName;
    private final SqlTypeName calciteType;

    DateTimeKind(String pgName, SqlTypeName calciteType) {
        this.pgName = pgName;
        this.calciteType = calciteType;
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
            if (kind.pgName.equals(typeName)) {
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
