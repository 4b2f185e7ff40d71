package org.reshard.query;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SQLite's conversions between storage classes: text read as a number, numbers written as text. */
final class SqliteValues {

    // A decimal integer or real literal (no hexadecimal), and the spaces (sqlite3Isspace) SQLite skips around it.
    private static final String NUMBER = "[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?";
    private static final String SPACE = "[ \\t\\n\\u000B\\f\\r]*";
    private static final Pattern WELL_FORMED = Pattern.compile(SPACE + "(" + NUMBER + ")" + SPACE);
    private static final Pattern PREFIX = Pattern.compile(SPACE + "(" + NUMBER + ")");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final MathContext REAL_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

    private SqliteValues() {
    }

    /** NUMERIC affinity: text that is a well-formed integer or real literal becomes that number; anything else stays as it is. */
    static Object numericIfWellFormed(Object value) {
        if (value instanceof String text) {
            Matcher m = WELL_FORMED.matcher(text);
            if (m.matches()) {
                return number(m.group(1));
            }
        }
        return value;
    }

    /** An operand of arithmetic: text counts as the number its longest numeric prefix spells, 0 when it has none ('2abc' is 2). */
    static Object numericPrefix(Object value) {
        if (value instanceof String text) {
            Matcher m = PREFIX.matcher(text);
            return m.lookingAt() ? number(m.group(1)) : (Object) 0L;
        }
        return value;
    }

    /** TEXT affinity: a number becomes its text as SQLite writes it; anything else stays as it is. */
    static Object textIfNumber(Object value) {
        return switch (value) {
            case Long l -> l.toString();
            case Double d -> realText(d);
            default -> value;
        };
    }

    /** A REAL as SQLite prints it (printf "%!.15g"): 15 significant digits, always a decimal point, exponent from 1e15 and below 1e-4. */
    static String realText(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf";
        }
        if (value == 0) {
            return "0.0";
        }
        BigDecimal digits = new BigDecimal(value).round(REAL_DIGITS).stripTrailingZeros();
        int exponent = digits.precision() - digits.scale() - 1;
        if (exponent < -4 || exponent >= 15) {
            return withPoint(digits.movePointLeft(exponent).toPlainString()) + "e" + (exponent < 0 ? "-" : "+")
                    + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return withPoint(digits.toPlainString());
    }

    private static String withPoint(String number) {
        return number.contains(".") ? number : number + ".0";
    }

    /** An integer literal that fits 64 bits is an INTEGER, anything else a REAL. */
    private static Object number(String literal) {
        if (INTEGER.matcher(literal).matches()) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooLarge) {
                return Double.parseDouble(literal);
            }
        }
        return Double.parseDouble(literal);
    }
}
