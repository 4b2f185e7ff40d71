package org.reshard.query;

import java.util.Locale;

/**
 * SQLite's type affinity (datatype3.html, sections 3.1 and 4.2): a column's comes from its declared type, a
 * CAST's from its type, and any other expression has none. Before a comparison, an operand with INTEGER,
 * REAL or NUMERIC affinity gives NUMERIC affinity to the other operand unless that one is numeric too, and
 * an operand with TEXT affinity gives TEXT affinity to an operand with none.
 */
enum Affinity {
    INTEGER, REAL, NUMERIC, TEXT, BLOB, NONE;

    /** The affinity of a column declared with the type, by SQLite's first-match rules. */
    static Affinity ofDeclaredType(String declaredType) {
        String type = declaredType.toUpperCase(Locale.ROOT);
        if (type.contains("INT")) {
            return INTEGER;
        }
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
            return TEXT;
        }
        if (type.contains("BLOB") || type.isBlank()) {
            return BLOB;
        }
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            return REAL;
        }
        return NUMERIC;
    }

    /** The affinity applied to an operand with this affinity when the other operand of the comparison has {@code other}. */
    Affinity appliedAgainst(Affinity other) {
        if (other.isNumeric() && !isNumeric()) {
            return NUMERIC;
        }
        return other == TEXT && this == NONE ? TEXT : NONE;
    }

    /** The value with this affinity applied: numeric affinity reads well-formed number text, text affinity writes numbers as text. */
    Object apply(Object value) {
        return switch (this) {
            case INTEGER, REAL, NUMERIC -> SqliteValues.numericIfWellFormed(value);
            case TEXT -> SqliteValues.textIfNumber(value);
            case BLOB, NONE -> value;
        };
    }

    boolean isNumeric() {
        return this == INTEGER || this == REAL || this == NUMERIC;
    }
}
