package org.reshard.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.reshard.common.Redaction;

/** The JSON form of a {@link ReshardingState} in the state file, and the check that keeps passwords out of it. */
final class StateJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:[A-Za-z_][A-Za-z0-9_]*}");

    private StateJson() {
    }

    static String write(ReshardingState state) throws JsonProcessingException {
        return MAPPER.writeValueAsString(state);
    }

    static ReshardingState read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, ReshardingState.class);
    }

    /** The JSON path of a literal password anywhere in the state, if there is one; only env references may be stored. */
    static Optional<String> literalPassword(ReshardingState state) {
        return literalPassword(MAPPER.valueToTree(state), "$");
    }

    private static Optional<String> literalPassword(JsonNode node, String path) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = path + "." + field.getKey();
                JsonNode value = field.getValue();
                if (field.getKey().equalsIgnoreCase("password") && !value.isNull()
                        && !(value.isTextual() && ENV_REFERENCE.matcher(value.asText()).matches())) {
                    return Optional.of(at);
                }
                if (value.isTextual() && Redaction.hasLiteralPassword(value.asText())) {
                    return Optional.of(at + " (a URL)");
                }
                Optional<String> nested = literalPassword(value, at);
                if (nested.isPresent()) {
                    return nested;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> nested = literalPassword(node.get(i), path + "[" + i + "]");
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }
}
