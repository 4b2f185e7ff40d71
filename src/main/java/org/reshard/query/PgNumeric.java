package org.reshard.query;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** PostgreSQL's numeric division, so a merged AVG or SUM(x)/COUNT(*) has exactly the digits PostgreSQL prints. */
final class PgNumeric {

    // numeric.c: NUMERIC_MIN_SIG_DIGITS, DEC_DIGITS (decimal digits per base-10000 digit) and the display scale bound.
    private static final int MIN_SIG_DIGITS = 16;
    private static final int DEC_DIGITS = 4;
    private static final int MAX_DISPLAY_SCALE = 1000;

    private PgNumeric() {
    }

    /** {@code a / b} with the result scale of numeric.c's select_div_scale, rounded half away from zero. */
    static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        BaseDigits first = BaseDigits.of(a);
        BaseDigits second = BaseDigits.of(b);
        int quotientWeight = first.weight() - second.weight();
        if (first.digit() <= second.digit()) {
            quotientWeight--;
        }
        int scale = MIN_SIG_DIGITS - quotientWeight * DEC_DIGITS;
        scale = Math.max(scale, Math.max(displayScale(a), displayScale(b)));
        scale = Math.min(Math.max(scale, 0), MAX_DISPLAY_SCALE);
        return a.divide(b, scale, RoundingMode.HALF_UP);
    }

    private static int displayScale(BigDecimal value) {
        return Math.max(0, value.scale());
    }

    /** The weight and leading digit of a value written in base 10000, as numeric.c stores it. */
    private record BaseDigits(int weight, int digit) {
        static BaseDigits of(BigDecimal value) {
            if (value.signum() == 0) {
                return new BaseDigits(0, 0);
            }
            BigDecimal magnitude = value.abs().stripTrailingZeros();
            int exponent = magnitude.precision() - magnitude.scale() - 1;
            int weight = Math.floorDiv(exponent, DEC_DIGITS);
            int digit = magnitude.movePointLeft(DEC_DIGITS * weight).setScale(0, RoundingMode.FLOOR).intValueExact();
            return new BaseDigits(weight, digit);
        }
    }
}
