package org.reshard.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * A query result as JSON ({@code reshard query --format json}, the console's export): {@code {"columns": [{"name", "type"}], "rows": [[…]],
 * "shards": [{"id", "rows", "ms", "error"}], "scope": {"ran": [ids], "of", "reason", "text"}, "warnings": [{"code", "message"}], "partial", "mode"}} — numbers as JSON numbers, timestamps as ISO-8601 strings.
 */
public final class ResultJson {

    // Exact decimals keep their scale (12.50, not 12.5), written without exponents.
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private ResultJson() {
    }

    public static void print(QueryResult result, PrintWriter out) throws JsonProcessingException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode columns = root.putArray("columns");
        for (ResultColumn column : result.columns()) {
            columns.addObject().put("name", column.name()).put("type", column.type().name().toLowerCase(Locale.ROOT));
        }
        ArrayNode rows = root.putArray("rows");
        for (List<Object> row : result.rows()) {
            ArrayNode values = rows.addArray();
            row.forEach(value -> add(values, value));
        }
        ArrayNode shards = root.putArray("shards");
        for (ShardReport report : result.shards()) {
            ObjectNode shard = shards.addObject().put("id", report.shardId()).put("rows", report.rows()).put("ms", report.elapsed().toMillis());
            shard.put("retried", report.retried());
            if (report.retried()) {
                shard.put("retry", report.retry());
            }
            if (report.failed()) {
                shard.putObject("error").put("code", report.error().code().code()).put("message", report.error().message());
            } else {
                shard.putNull("error");
            }
        }
        ObjectNode scope = root.putObject("scope");
        result.scope().shards().forEach(scope.putArray("ran")::add);
        scope.put("of", result.scope().topologyShards());
        result.scope().reason().ifPresentOrElse(why -> scope.put("reason", why), () -> scope.putNull("reason"));
        scope.put("text", result.scope().describe());
        ArrayNode warnings = root.putArray("warnings");
        result.warnings().forEach(w -> warnings.addObject().put("code", w.code()).put("message", w.message()));
        root.put("partial", result.partial());
        root.put("mode", result.mode().name().toLowerCase(Locale.ROOT));
        result.page().ifPresent(page -> root.putObject("page").put("number", page.number()).put("size", page.size()));
        out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        out.flush();
    }

    private static void add(ArrayNode values, Object value) {
        switch (value) {
            case null -> values.addNull();
            case Long l -> values.add(l);
            case BigDecimal d -> values.add(d);
            case Double d when Double.isFinite(d) -> values.add(d);
            case Boolean b -> values.add(b);
            default -> values.add(ValueText.of(value));
        }
    }
}
