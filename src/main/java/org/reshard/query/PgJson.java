package org.reshard.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's jsonb operators computed in Calcite on a document's text, as jsonb computes them: {@code ->}, {@code ->>},
 * {@code #>}, {@code #>>} and {@code @>} ({@link JsonOperators} writes the statement's operators as these calls). The
 * document arrives in jsonb's output format (keys in jsonb's order); values leave in it. Public for Calcite's generated code.
 */
public final class PgJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.USE_FAST_BIG_NUMBER_PARSER)
            // 1.50 stays 1.50, as jsonb's numeric keeps it.
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private PgJson() {
    }

    /**
     * {@code document ->> key}: a string's text unescaped, a number as written, true or false, SQL NULL for JSON null or
     * a missing key, an object or array in jsonb's output format ({@code {"a": 1, "b": [1, 2]}}).
     */
    public static String text(String document, String key) {
        return document == null || key == null ? null : asText(member(parse(document), key));
    }

    /** {@code document ->> index}: an array element as text, negative from the end. */
    public static String elementText(String document, Integer index) {
        return document == null || index == null ? null : asText(element(parse(document), index));
    }

    /** {@code document -> key}: the member as jsonb (a JSON null stays the jsonb {@code null}); SQL NULL when missing. */
    public static String get(String document, String key) {
        return document == null || key == null ? null : asJsonb(member(parse(document), key));
    }

    /** {@code document -> index}: an array element as jsonb, negative from the end. */
    public static String elementGet(String document, Integer index) {
        return document == null || index == null ? null : asJsonb(element(parse(document), index));
    }

    /** {@code document #> '{a,1,b}'}: the value at the path as jsonb; the empty path is the document. */
    public static String path(String document, String path) {
        return document == null || path == null ? null : asJsonb(atPath(parse(document), path));
    }

    /** {@code document #>> '{a,1,b}'}: the value at the path as text. */
    public static String pathText(String document, String path) {
        return document == null || path == null ? null : asText(atPath(parse(document), path));
    }

    /**
     * {@code document @> other}: jsonb containment. Objects contain objects whose every member they contain, arrays
     * contain arrays whose every element some element of theirs contains, scalars equal scalars (numbers by value); at
     * the top an array also contains a scalar it holds, and a scalar contains only an equal scalar.
     */
    public static Boolean contains(String document, String other) {
        if (document == null || other == null) {
            return null;
        }
        JsonNode a = parse(document);
        JsonNode b = parse(other);
        // A scalar is a one-element array that contains no real array (jsonb's rawScalar rule).
        if (a.isObject() != b.isObject() || !a.isContainerNode() && b.isArray()) {
            return false;
        }
        return a.isObject() ? containsValue(a, b) : containsAll(elements(a), elements(b));
    }

    private static boolean containsAll(List<JsonNode> mine, List<JsonNode> theirs) {
        return theirs.stream().allMatch(t -> mine.stream().anyMatch(m -> containsValue(m, t)));
    }

    private static boolean containsValue(JsonNode a, JsonNode b) {
        if (a.isObject() && b.isObject()) {
            for (Map.Entry<String, JsonNode> member : b.properties()) {
                JsonNode mine = a.get(member.getKey());
                if (mine == null || !containsValue(mine, member.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            return containsAll(elements(a), elements(b));
        }
        return !a.isContainerNode() && !b.isContainerNode() && scalarEquals(a, b);
    }

    /** A top-level scalar is a one-element array, as jsonb stores it. */
    private static List<JsonNode> elements(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }

    private static boolean scalarEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid input syntax for type json: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode member(JsonNode root, String key) {
        return root.isObject() ? root.get(key) : null;
    }

    private static JsonNode element(JsonNode root, int i) {
        // jsonb keeps a lone scalar as a one-element array, so element 0 (or -1) of a scalar is the scalar.
        return root.isArray() ? root.get(i < 0 ? root.size() + i : i) : !root.isContainerNode() && (i == 0 || i == -1) ? root : null;
    }

    /** The value at a text-array path ({@code '{a,1,"b c"}'}): object members by name, array elements by number. */
    private static JsonNode atPath(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : PgArrayText.elements(path)) {
            if (node == null || step == null) {
                return null;
            }
            if (node.isObject()) {
                node = node.get(step);
            } else if (node.isArray()) {
                try {
                    node = element(node, Integer.parseInt(step.strip()));
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return node;
    }

    private static String asText(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : jsonb(value);
    }

    private static String asJsonb(JsonNode value) {
        return value == null ? null : jsonb(value);
    }

    /** jsonb's output: ", " between items, ": " after keys, numbers as written. */
    static String jsonb(JsonNode node) {
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
}
