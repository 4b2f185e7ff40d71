package org.reshard.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.reshard.topology.ShardSpec;

/** Writes a topology file routing {@code orders} by {@code customer_id} over equal hash ranges of the given shards. */
public final class OrdersTopologyFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OrdersTopologyFile() {
    }

    /** Writes {@code file} with its registry beside it, and returns the file. */
    public static Path write(Path file, String name, List<ShardSpec> shards) {
        ObjectNode root = MAPPER.createObjectNode().put("name", name).put("registry", "jdbc:sqlite:" + file.resolveSibling("registry.db"));
        root.putObject("routing").put("strategy", "hash-range").put("ranges", "equal");
        ArrayNode list = root.putArray("shards");
        shards.forEach(s -> list.addObject().put("id", s.id()).put("url", s.url()));
        ObjectNode table = root.putArray("tables").addObject().put("name", "orders").put("shardKey", "customer_id");
        table.putArray("primaryKey").add("id");
        try {
            Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
