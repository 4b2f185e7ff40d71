package org.reshard.shard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Primary key values as JSON arrays: the form the changelog, copy cursors and the state file hold,
 * and a canonical text that identifies a row whichever way its key was read.
 */
public final class KeyValues {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KeyValues() {
    }

    public static ArrayNode toJson(List<Object> values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Object value : values) {
            switch (value) {
                case null -> array.addNull();
                case Long l -> array.add(l);
                case Integer i -> array.add(i.longValue());
                case Double d -> array.add(d);
                case Float f -> array.add(f.doubleValue());
                case java.math.BigDecimal b -> array.add(b);
                case byte[] bytes -> array.add(bytes);
                default -> array.add(value.toString());
            }
        }
        return array;
    }

    /** Decodes a JSON key with the dialect's value types. */
    public static List<Object> fromJson(SqlDialect dialect, JsonNode json) {
        List<Object> values = new ArrayList<>();
        json.forEach(node -> values.add(dialect.fromJson(node)));
        return values;
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON key: " + json, e);
        }
    }

    /** One text per row identity: equal keys give equal texts. */
    public static String canonical(List<Object> values) {
        return toJson(values).toString();
    }
}
