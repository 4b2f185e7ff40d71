package org.reshard.query;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * A PostgreSQL type as the merge sees it when it types an untyped literal: the family its input is read
 * in and the name PostgreSQL's messages use ({@code invalid input syntax for type bigint: "abc"}).
 */
record PgType(Family family, String name) {

    /** How values of the type are read and compared; UNKNOWN is an untyped literal, OTHER a type reshard does not read. */
    enum Family { INTEGER, NUMERIC, FLOAT, BOOLEAN, TEXT, DATE, TIMESTAMP, TIMESTAMPTZ, UNKNOWN, OTHER }

    static final PgType SMALLINT = new PgType(Family.INTEGER, "smallint");
    static final PgType INTEGER = new PgType(Family.INTEGER, "integer");
    static final PgType BIGINT = new PgType(Family.INTEGER, "bigint");
    static final PgType NUMERIC = new PgType(Family.NUMERIC, "numeric");
    static final PgType REAL = new PgType(Family.FLOAT, "real");
    static final PgType DOUBLE = new PgType(Family.FLOAT, "double precision");
    static final PgType BOOLEAN = new PgType(Family.BOOLEAN, "boolean");
    static final PgType TEXT = new PgType(Family.TEXT, "text");
    static final PgType DATE = new PgType(Family.DATE, "date");
    static final PgType TIMESTAMP = new PgType(Family.TIMESTAMP, "timestamp");
    static final PgType TIMESTAMPTZ = new PgType(Family.TIMESTAMPTZ, "timestamp with time zone");
    static final PgType UNKNOWN = new PgType(Family.UNKNOWN, "unknown");

    // The implicit casts between number types run this way, so a mix resolves to the last of them present.
    private static final List<PgType> NUMBER_ORDER = List.of(SMALLINT, INTEGER, BIGINT, NUMERIC, REAL, DOUBLE);

    /** The type of a result column from pgjdbc's type name (ResultSetMetaData.getColumnTypeName). */
    static PgType of(String databaseType) {
        return switch (databaseType) {
            case "int2", "smallserial" -> SMALLINT;
            case "int4", "serial" -> INTEGER;
            case "int8", "bigserial" -> BIGINT;
            case "numeric" -> NUMERIC;
            case "float4" -> REAL;
            case "float8" -> DOUBLE;
            case "bool" -> BOOLEAN;
            // Not bpchar: it compares ignoring trailing spaces, so a literal meeting one is refused rather than compared as text.
            case "text", "varchar", "name" -> TEXT;
            case "date" -> DATE;
            case "timestamp" -> TIMESTAMP;
            case "timestamptz" -> TIMESTAMPTZ;
            default -> new PgType(Family.OTHER, databaseType);
        };
    }

    /** The type PostgreSQL gives a constant of the statement: integer, bigint or numeric by size, unknown for NULL. */
    static PgType ofConstant(Object value) {
        return switch (value) {
            case null -> UNKNOWN;
            case Long l when l == l.intValue() -> INTEGER;
            case Long l -> BIGINT;
            case BigDecimal d -> NUMERIC;
            case Double d -> DOUBLE;
            case Boolean b -> BOOLEAN;
            case String s -> TEXT;
            default -> new PgType(Family.OTHER, value.getClass().getSimpleName());
        };
    }

    /**
     * The type several values resolve to (CASE results, COALESCE, GREATEST arguments, the operands of an
     * operator): text when all are untyped, the widest number type when all are numbers, else the first typed one.
     */
    static PgType common(List<PgType> types) {
        List<PgType> typed = types.stream().filter(t -> t.family() != Family.UNKNOWN).toList();
        if (typed.isEmpty()) {
            return TEXT;
        }
        if (typed.stream().allMatch(PgType::isNumber)) {
            return typed.stream().max(Comparator.comparingInt(PgType::numberRank)).orElseThrow();
        }
        return typed.getFirst();
    }

    /** The type of {@code a op b} for numbers: real with real stays real, any other float makes double precision. */
    static PgType arithmetic(PgType a, PgType b) {
        if (!a.isNumber() || !b.isNumber()) {
            return new PgType(Family.OTHER, a.name() + " and " + b.name());
        }
        if (a.family() == Family.FLOAT || b.family() == Family.FLOAT) {
            return a.equals(REAL) && b.equals(REAL) ? REAL : DOUBLE;
        }
        return common(List.of(a, b));
    }

    boolean isNumber() {
        return family == Family.INTEGER || family == Family.NUMERIC || family == Family.FLOAT;
    }

    boolean isUnknown() {
        return family == Family.UNKNOWN;
    }

    private int numberRank() {
        return NUMBER_ORDER.indexOf(this);
    }
}
