package org.reshard.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Sample operation states for the state store tests. */
final class StateSamples {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StateSamples() {
    }

    /** A two-step operation in Planning whose plan names a shard with an environment-variable password. */
    static ReshardingState state(String id, Instant at) {
        return ReshardingState.start(id, plan(id, "${env:ORDERS_PW}"), MAPPER.createObjectNode().put("batchSize", 10_000), 2, at);
    }

    static ObjectNode plan(String id, String password) {
        ObjectNode plan = MAPPER.createObjectNode().put("id", id);
        ObjectNode shard = plan.putObject("from").putObject("topology").putArray("shards").addObject();
        shard.put("id", "shard-0").put("url", "jdbc:postgresql://127.0.0.1:5432/orders_0").put("user", "app");
        if (password != null) {
            shard.put("password", password);
        }
        return plan;
    }

    /** A keyset cursor: the primary key of the last copied row. */
    static JsonNode cursor(long id) {
        ArrayNode cursor = MAPPER.createArrayNode();
        cursor.add(id).add("k-" + id);
        return cursor;
    }
}
