package org.reshard.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * PostgreSQL's numeric arithmetic as functions the federated engine calls ({@link PostgresRewrite} puts them in a
 * statement): division with numeric.c's result scale, AVG as that division of a sum by a count, and the variance and
 * standard deviation of numeric.c's numeric_stddev_internal. Public because Calcite's generated code calls them.
 */
public final class PgFunctions {

    private PgFunctions() {
    }

    /** {@code a / b} of two numerics, as PostgreSQL divides them; NULL in, NULL out. */
    public static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return null;
        }
        if (b.signum() == 0) {
            // PostgreSQL fails the statement (SQLSTATE 22012) rather than return a value.
            throw new ArithmeticException("division by zero");
        }
        return PgNumeric.divide(a, b);
    }

    /** AVG from its sum and count: NULL over no rows, else the numeric division PostgreSQL's int8_avg/numeric_avg make. */
    public static BigDecimal avg(BigDecimal sum, Long count) {
        if (sum == null || count == null || count == 0) {
            return null;
        }
        return PgNumeric.divide(sum, BigDecimal.valueOf(count));
    }

    /**
     * var_pop, var_samp, stddev_pop or stddev_samp ({@code kind} 0 to 3) from the count, sum and sum of squares of the
     * values, with numeric_stddev_internal's steps: an exact numerator, one rounded division, a rounded square root.
     */
    public static BigDecimal variance(Long n, BigDecimal sumX, BigDecimal sumX2, Integer kind) {
        boolean sample = kind == 1 || kind == 3;
        if (n == null || n == 0 || sample && n == 1 || sumX == null || sumX2 == null) {
            return null;
        }
        BigDecimal count = BigDecimal.valueOf(n);
        BigDecimal numerator = count.multiply(sumX2).subtract(sumX.multiply(sumX));
        if (numerator.signum() <= 0) {
            // PostgreSQL answers zero when rounding made the numerator negative, and for identical values.
            return BigDecimal.ZERO;
        }
        BigDecimal denominator = sample ? count.multiply(BigDecimal.valueOf(n - 1)) : count.multiply(count);
        BigDecimal variance = PgNumeric.divide(numerator, denominator);
        return kind >= 2 ? sqrt(variance) : variance;
    }

    /**
     * A SQLite REAL as the decimal it was written as (12.5 for 12.50), so sums of them are exact: the variance of SQLite
     * values (SQLite has none of its own) is then PostgreSQL's numeric variance of the values stored.
     */
    public static BigDecimal exact(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : BigDecimal.valueOf(value);
    }


    /**
     * The square root at the value's own scale, as numeric.c's sqrt_var: truncated one digit further, then rounded
     * half away from zero — which is the exact root rounded half up, computed here with an integer square root.
     */
    static BigDecimal sqrt(BigDecimal value) {
        int scale = value.scale();
        BigInteger scaled = value.movePointRight(2 * scale + 2).toBigIntegerExact();
        return new BigDecimal(scaled.sqrt(), scale + 1).setScale(scale, RoundingMode.HALF_UP);
    }
}
