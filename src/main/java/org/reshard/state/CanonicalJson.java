package org.reshard.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON values in the state as they read back from the file: a long 7 built in memory and the int 7
 * parsed from text are different nodes, so states are normalised once to compare equal across a restart.
 */
final class CanonicalJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CanonicalJson() {
    }

    static JsonNode of(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return MAPPER.readTree(node.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable JSON: " + e.getOriginalMessage(), e);
        }
    }
}
