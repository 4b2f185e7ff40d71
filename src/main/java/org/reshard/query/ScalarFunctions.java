package org.reshard.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The scalar functions the merge can apply to merged aggregates, with each database's typing. */
final class ScalarFunctions {

    /** A function of evaluated arguments. */
    sealed interface Function permits Builtin, CastTo {
        Object apply(Object[] values, Semantics semantics);
    }

    /** Functions by name. */
    enum Builtin implements Function {
        ROUND {
            public Object apply(Object[] values, Semantics semantics) {
                return round(values[0], values.length > 1 ? values[1] : 0L, values.length > 1, semantics);
            }
        },
        ABS {
            public Object apply(Object[] values, Semantics semantics) {
                return switch (values[0]) {
                    case null -> null;
                    case Long l -> Math.absExact(l);
                    case BigDecimal d -> d.abs();
                    case Double d -> Math.abs(d);
                    default -> throw new ArithmeticException("abs() of " + values[0]);
                };
            }
        },
        COALESCE {
            public Object apply(Object[] values, Semantics semantics) {
                return Arrays.stream(values).filter(Objects::nonNull).findFirst().orElse(null);
            }
        },
        NULLIF {
            public Object apply(Object[] values, Semantics semantics) {
                return values[0] != null && values[1] != null && ValueOrder.compare(values[0], values[1]) == 0 ? null : values[0];
            }
        },
        GREATEST {
            public Object apply(Object[] values, Semantics semantics) {
                return Arrays.stream(values).filter(Objects::nonNull).max(ValueOrder.NATURAL).orElse(null);
            }
        },
        LEAST {
            public Object apply(Object[] values, Semantics semantics) {
                return Arrays.stream(values).filter(Objects::nonNull).min(ValueOrder.NATURAL).orElse(null);
            }
        };

        static Optional<Builtin> named(String name) {
            return Arrays.stream(values()).filter(b -> b.name().equalsIgnoreCase(name)).findFirst();
        }
    }

    /** CAST(x AS type) to a number or text type; {@code scale} is the numeric(p, s) scale when given, {@code type} the type as written. */
    record CastTo(Target target, Integer scale, String type) implements Function {
        /** The types a merged value can be cast to. */
        enum Target { DECIMAL, INTEGER, FLOAT, TEXT }

        static Optional<CastTo> of(String typeName, List<String> arguments) {
            String type = typeName.toLowerCase(Locale.ROOT).strip();
            Integer scale = arguments != null && arguments.size() == 2 ? Integer.valueOf(arguments.get(1).strip()) : null;
            return switch (type) {
                case "numeric", "decimal" -> Optional.of(new CastTo(Target.DECIMAL, scale, type));
                case "int", "integer", "int4", "int8", "bigint", "smallint", "int2" -> Optional.of(new CastTo(Target.INTEGER, null, type));
                case "float", "float8", "double precision", "real", "float4", "double" -> Optional.of(new CastTo(Target.FLOAT, null, type));
                case "text", "varchar", "character varying" -> Optional.of(new CastTo(Target.TEXT, null, type));
                default -> Optional.empty();
            };
        }

        /** The PostgreSQL type of the result. */
        PgType pgType() {
            return switch (type) {
                case "smallint", "int2" -> PgType.SMALLINT;
                case "int", "integer", "int4" -> PgType.INTEGER;
                case "int8", "bigint" -> PgType.BIGINT;
                case "real", "float4" -> PgType.REAL;
                default -> switch (target) {
                    case DECIMAL -> PgType.NUMERIC;
                    case INTEGER -> PgType.BIGINT;
                    case FLOAT -> PgType.DOUBLE;
                    case TEXT -> PgType.TEXT;
                };
            };
        }

        /** SQLite gives a CAST the affinity of a column declared with its type. */
        Affinity affinity() {
            return Affinity.ofDeclaredType(type);
        }

        public Object apply(Object[] values, Semantics semantics) {
            Object value = values[0];
            if (value == null) {
                return null;
            }
            if (target == Target.TEXT) {
                return text(value);
            }
            if (!(value instanceof Number n)) {
                throw new ArithmeticException("cannot cast " + value + " to " + target.name().toLowerCase(Locale.ROOT));
            }
            return switch (target) {
                case DECIMAL -> semantics == Semantics.SQLITE ? (Object) n.doubleValue()
                        : scale == null ? ValueOrder.decimal(n) : ValueOrder.decimal(n).setScale(scale, RoundingMode.HALF_UP);
                case INTEGER -> toInteger(n, semantics);
                case FLOAT -> n.doubleValue();
                case TEXT -> text(value);
            };
        }

        private static Object toInteger(Number n, Semantics semantics) {
            return switch (n) {
                case Long l -> l;
                // SQLite truncates toward zero; PostgreSQL rounds numerics half away from zero and doubles half to even.
                case Double d when semantics == Semantics.SQLITE -> (long) d.doubleValue();
                case Double d -> (long) Math.rint(d);
                default -> semantics == Semantics.SQLITE ? ValueOrder.decimal(n).longValue()
                        : ValueOrder.decimal(n).setScale(0, RoundingMode.HALF_UP).longValueExact();
            };
        }
    }

    private ScalarFunctions() {
    }

    /** ROUND: PostgreSQL rounds numerics half away from zero to the given scale and doubles half to even; SQLite always returns a double. */
    static Object round(Object value, Object digits, boolean digitsGiven, Semantics semantics) {
        if (value == null || digits == null) {
            return null;
        }
        if (semantics == Semantics.SQLITE) {
            return sqliteRound(SqliteValues.numericPrefix(value), SqliteValues.numericPrefix(digits));
        }
        if (!(value instanceof Number n) || !(digits instanceof Long d)) {
            throw new ArithmeticException("round() of " + value + " to " + digits + " digits");
        }
        int places = Math.toIntExact(d);
        if (n instanceof Double x) {
            if (digitsGiven) {
                throw new ArithmeticException("function round(double precision, integer) does not exist — cast the value to numeric");
            }
            return Math.rint(x);
        }
        if (n instanceof Long l && !digitsGiven) {
            return (double) l;
        }
        BigDecimal rounded = ValueOrder.decimal(n).setScale(places, RoundingMode.HALF_UP);
        return places < 0 ? rounded.setScale(0, RoundingMode.UNNECESSARY) : rounded;
    }

    /** SQLite reads both arguments as numbers (text by its numeric prefix) and the digits as an integer. */
    private static Object sqliteRound(Object value, Object digits) {
        if (!(value instanceof Number n) || !(digits instanceof Number d)) {
            throw new ArithmeticException("round() of " + value + " to " + digits + " digits");
        }
        int places = (int) Math.max(0, Math.min(30, d.longValue()));
        return new BigDecimal(n.toString()).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    /** SQL truth of a value: booleans, and numbers as SQLite uses them (non-zero is true). */
    static Boolean truth(Object value) {
        return switch (value) {
            case null -> null;
            case Boolean b -> b;
            case Number n -> ValueOrder.decimal(n).signum() != 0;
            default -> throw new ArithmeticException("not a condition: " + value);
        };
    }

    /** A value as text, the way the databases print it. */
    static String text(Object value) {
        return switch (value) {
            case BigDecimal d -> d.toPlainString();
            default -> String.valueOf(value);
        };
    }
}
