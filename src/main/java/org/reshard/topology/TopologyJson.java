package org.reshard.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reshard.common.Redaction;

/**
 * Writes a topology back as a DESIGN 3.1 document, for the registry, exports and the state store.
 * A password is written only as its {@code ${env:…}} reference; a literal one is left out, also from URLs.
 */
public final class TopologyJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TopologyJson() {
    }

    public static ObjectNode toJson(Topology topology) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", topology.name());
        root.put("registry", Redaction.stripUrlPassword(topology.registryUrl()));
        ObjectNode routing = root.putObject("routing");
        switch (topology.routing()) {
            case Routing.HashRanges ranges -> {
                routing.put("strategy", "hash-range");
                if (ranges.equal()) {
                    routing.put("ranges", "equal");
                } else {
                    ArrayNode list = routing.putArray("ranges");
                    ranges.ranges().forEach(r -> list.addObject().put("shard", r.shardId())
                            .put("from", Long.toString(r.range().from())).put("to", Long.toString(r.range().to())));
                }
            }
            case Routing.HashRing ring -> routing.put("strategy", "hash-ring").put("virtualNodes", ring.virtualNodes());
        }
        ArrayNode shards = root.putArray("shards");
        for (ShardSpec shard : topology.shards()) {
            ObjectNode node = shards.addObject().put("id", shard.id()).put("url", Redaction.stripUrlPassword(shard.url()));
            if (shard.user() != null) {
                node.put("user", shard.user());
            }
            if (shard.password().isReference()) {
                node.put("password", shard.password().reference());
            }
        }
        ArrayNode tables = root.putArray("tables");
        for (TableSpec table : topology.tables()) {
            ObjectNode node = tables.addObject().put("name", table.name()).put("shardKey", table.shardKey());
            table.primaryKey().forEach(node.putArray("primaryKey")::add);
        }
        if (!topology.referenceTables().isEmpty()) {
            ArrayNode references = root.putArray("referenceTables");
            for (ReferenceTable table : topology.referenceTables()) {
                ObjectNode node = references.addObject().put("name", table.name());
                table.primaryKey().forEach(node.putArray("primaryKey")::add);
            }
        }
        return root;
    }

    public static String toText(Topology topology) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(topology));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a topology tree always serialises", e);
        }
    }
}
