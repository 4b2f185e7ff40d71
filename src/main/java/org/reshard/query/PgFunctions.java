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
     * {@code document ->> key} as PostgreSQL's jsonb computes it: a string's text unescaped, a number as written, true or
     * false, SQL NULL for JSON null or a missing key, an object or array in jsonb's output format ({@code {"a": 1, "b":
     * [1, 2]}}; the document arrives in that format, keys in jsonb's order). A whole-number key reads an array element
     * (negative from the end), as {@code ->> 2} does; text keys read object members.
     */
    public static String jsonText(String document, String key) {
        return document == null || key == null ? null : jsonValue(document, key);
    }

    /** {@code document ->> index}: an array element, negative from the end. */
    public static String jsonElementText(String document, Integer index) {
        return document == null || index == null ? null : jsonValue(document, index);
    }

    private static String jsonValue(String document, Object key) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = JSON.readTree(document.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("invalid input syntax for type json: " + e.getOriginalMessage(), e);
        }
        com.fasterxml.jackson.databind.JsonNode value;
        if (key instanceof Number index) {
            int i = index.intValue();
            // jsonb keeps a lone scalar as a one-element array, so element 0 (or -1) of a scalar is the scalar.
            value = root.isArray() ? root.get(i < 0 ? root.size() + i : i) : !root.isContainerNode() && (i == 0 || i == -1) ? root : null;
        } else {
            value = root.isObject() ? root.get(key.toString()) : null;
        }
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : jsonb(value);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.USE_FAST_BIG_NUMBER_PARSER)
            // 1.50 stays 1.50, as jsonb's numeric keeps it.
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    /** jsonb's output: ", " between items, ": " after keys, numbers as written. */
    private static String jsonb(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            StringBuilder out = new StringBuilder("{");
            node.properties().forEach(e -> out.append(out.length() > 1 ? ", " : "").append(quote(e.getKey())).append(": ").append(jsonb(e.getValue())));
            return out.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            node.forEach(e -> out.append(out.length() > 1 ? ", " : "").append(jsonb(e)));
            return out.append(']').toString();
        }
        if (node.isTextual()) {
            return quote(node.textValue());
        }
        return node.isBigDecimal() ? node.decimalValue().toPlainString() : node.toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
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
