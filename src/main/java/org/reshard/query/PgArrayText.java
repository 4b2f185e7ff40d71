package org.reshard.query;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** An array Calcite computed (array_agg) as PostgreSQL prints it, {@code {1,2,NULL}} or {@code {a,"b c"}}: the merge's text for arrays. */
final class PgArrayText {

    /** The second field of the rows a nullable array_agg aggregates ({@link RewritePlan.NullableArrayAgg}): the row stands for its first. */
    static final String KEPT_NULL_MARK = "reshard:array_agg-element";

    private PgArrayText() {
    }

    static String of(Object value) throws SQLException {
        List<?> elements = switch (value) {
            case Array array -> boxed(array.getArray());
            case List<?> list -> list;
            case Object[] array -> Arrays.asList(array);
            default -> value.getClass().isArray() ? boxed(value) : null;
        };
        if (elements == null) {
            return String.valueOf(value);
        }
        StringBuilder text = new StringBuilder("{");
        for (Object element : elements) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(element(element));
        }
        return text.append('}').toString();
    }

    /** Calcite hands arrays of primitives (long[]) as well as of objects. */
    private static List<Object> boxed(Object array) {
        List<Object> list = new java.util.ArrayList<>();
        for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) {
            list.add(java.lang.reflect.Array.get(array, i));
        }
        return list;
    }

    private static String element(Object element) throws SQLException {
        return switch (element) {
            case null -> "NULL";
            case Boolean b -> b ? "t" : "f";
            case BigDecimal d -> d.toPlainString();
            case Number n -> n.toString();
            case Array a -> of(a);
            case List<?> l when l.size() == 2 && KEPT_NULL_MARK.equals(l.get(1)) -> element(l.getFirst());
            case Object[] row when row.length == 2 && KEPT_NULL_MARK.equals(row[1]) -> element(row[0]);
            case java.sql.Struct row when row.getAttributes().length == 2 && KEPT_NULL_MARK.equals(row.getAttributes()[1]) -> element(row.getAttributes()[0]);
            case List<?> l -> of(l);
            default -> quoted(element.toString());
        };
    }

    /** array_out's rule: quote empty text, NULL, and text with braces, quotes, commas, backslashes or white space. */
    private static String quoted(String text) {
        boolean quote = text.isEmpty() || text.equalsIgnoreCase("null") || text.chars().anyMatch(c -> "{}\",\\".indexOf(c) >= 0
                || Character.isWhitespace(c));
        if (!quote) {
            return text;
        }
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * The elements of a one-dimensional array literal as PostgreSQL's array_in reads text ({@code '{a,1,"b c",NULL}'}):
     * quoted elements unescaped, unquoted ones trimmed, an unquoted NULL as null.
     */
    static List<String> elements(String literal) {
        String text = literal.strip();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new IllegalArgumentException("malformed array literal: \"" + literal + "\"");
        }
        List<String> elements = new java.util.ArrayList<>();
        String body = text.substring(1, text.length() - 1);
        if (body.isBlank()) {
            return elements;
        }
        StringBuilder element = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                element.append(body.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                wasQuoted = true;
            } else if (c == ',' && !quoted) {
                elements.add(finish(element, wasQuoted));
                element.setLength(0);
                wasQuoted = false;
            } else {
                element.append(c);
            }
        }
        elements.add(finish(element, wasQuoted));
        return elements;
    }

    private static String finish(StringBuilder element, boolean quoted) {
        String value = quoted ? element.toString() : element.toString().strip();
        return !quoted && value.equalsIgnoreCase("null") ? null : value;
    }

    static boolean isArray(int jdbcType, String typeName) {
        return jdbcType == java.sql.Types.ARRAY || typeName.toLowerCase(Locale.ROOT).endsWith("array");
    }
}
