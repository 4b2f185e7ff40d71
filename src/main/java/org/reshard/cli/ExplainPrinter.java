package org.reshard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.reshard.query.QueryExplain;
import org.reshard.query.ShardStatement;

/** Prints {@code reshard query --explain}: the path that would answer and each shard's SQL, as text or as JSON {@code {"path", "statements": [{"shard", "sql"}]}}. */
final class ExplainPrinter {

    private ExplainPrinter() {
    }

    static void print(QueryExplain explain, boolean json, PrintWriter out) {
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode().put("path", explain.describePath());
            ArrayNode statements = root.putArray("statements");
            explain.statements().forEach(s -> statements.addObject().put("shard", s.shardId()).put("sql", s.sql()));
            out.println(root.toPrettyString());
        } else {
            out.println("path: " + explain.describePath());
            for (ShardStatement statement : explain.statements()) {
                out.println("-- " + statement.shardId());
                out.println(statement.sql().strip() + ";");
            }
        }
        out.flush();
    }
}
