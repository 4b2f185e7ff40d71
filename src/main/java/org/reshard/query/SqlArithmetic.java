package org.reshard.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Arithmetic on merged values with the database's typing: integer with integer stays integer (division
 * truncates), an exact decimal makes the result exact (PostgreSQL), a double makes it a double. PostgreSQL
 * raises "division by zero" and "bigint out of range"; SQLite gives NULL for a zero divisor and a double
 * on integer overflow, and reads a text operand as the number its numeric prefix spells.
 */
final class SqlArithmetic {

    /** The operators that may combine aggregates after the merge. */
    enum Operator { ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO }

    private SqlArithmetic() {
    }

    static Object apply(Operator op, Object a, Object b, Semantics semantics) {
        if (a == null || b == null) {
            return null;
        }
        if (semantics == Semantics.SQLITE) {
            return numbers(op, SqliteValues.numericPrefix(a), SqliteValues.numericPrefix(b), semantics);
        }
        return numbers(op, a, b, semantics);
    }

    private static Object numbers(Operator op, Object a, Object b, Semantics semantics) {
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            throw new ArithmeticException("cannot apply " + op.name().toLowerCase(Locale.ROOT) + " to " + a + " and " + b);
        }
        if (x instanceof Long l && y instanceof Long m) {
            return integers(op, l, m, semantics);
        }
        if (x instanceof Double || y instanceof Double || semantics == Semantics.SQLITE) {
            return doubles(op, x.doubleValue(), y.doubleValue(), semantics);
        }
        return decimals(op, ValueOrder.decimal(x), ValueOrder.decimal(y));
    }

    static Object negate(Object value) {
        return switch (value) {
            case null -> null;
            case Long l -> Math.negateExact(l);
            case BigDecimal d -> d.negate();
            case Double d -> -d;
            default -> throw new ArithmeticException("cannot negate " + value);
        };
    }

    /** Adds two partial sums; integer sums that overflow continue exactly as decimals. */
    static Object sum(Object a, Object b, Semantics semantics) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a instanceof Long x && b instanceof Long y) {
            long r = x + y;
            if (((x ^ r) & (y ^ r)) < 0) {
                return semantics == Semantics.SQLITE ? (Object) ((double) x + y) : BigDecimal.valueOf(x).add(BigDecimal.valueOf(y));
            }
            return r;
        }
        return apply(Operator.ADD, a, b, semantics);
    }

    private static Object integers(Operator op, long a, long b, Semantics semantics) {
        try {
            return switch (op) {
                case ADD -> Math.addExact(a, b);
                case SUBTRACT -> Math.subtractExact(a, b);
                case MULTIPLY -> Math.multiplyExact(a, b);
                case DIVIDE -> b == 0 ? zeroDivisor(semantics) : (Object) (a / b);
                case MODULO -> b == 0 ? zeroDivisor(semantics) : (Object) (a % b);
            };
        } catch (ArithmeticException overflow) {
            if (semantics == Semantics.SQLITE) {
                return doubles(op, a, b, semantics);
            }
            throw new ArithmeticException("bigint out of range");
        }
    }

    private static Object doubles(Operator op, double a, double b, Semantics semantics) {
        if ((op == Operator.DIVIDE || op == Operator.MODULO) && b == 0) {
            return zeroDivisor(semantics);
        }
        return switch (op) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
            case MODULO -> a % b;
        };
    }

    private static Object decimals(Operator op, BigDecimal a, BigDecimal b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUBTRACT -> a.subtract(b);
            case MULTIPLY -> a.multiply(b);
            case DIVIDE -> PgNumeric.divide(a, b);
            case MODULO -> {
                if (b.signum() == 0) {
                    throw new ArithmeticException("division by zero");
                }
                yield a.remainder(b).setScale(Math.max(Math.max(a.scale(), b.scale()), 0), RoundingMode.UNNECESSARY);
            }
        };
    }

    private static Object zeroDivisor(Semantics semantics) {
        if (semantics == Semantics.SQLITE) {
            return null;
        }
        throw new ArithmeticException("division by zero");
    }
}
