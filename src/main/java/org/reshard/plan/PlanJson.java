package org.reshard.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.reshard.common.Result;
import org.reshard.topology.HashRange;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyJson;
import org.reshard.topology.TopologyLoader;

/**
 * The JSON form of a plan for {@code reshard plan --json}, exports and the state store. Hash bounds are
 * strings, as in topology files, because 64-bit integers lose precision in JavaScript.
 */
public final class PlanJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanJson() {
    }

    public static ObjectNode toJson(ReshardingPlan plan) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", plan.id());
        root.put("createdAt", plan.createdAt().toString());
        root.set("from", topology(plan.from()));
        root.set("to", topology(plan.to()));
        plan.tables().forEach(root.putArray("tables")::add);
        ArrayNode steps = root.putArray("steps");
        for (PlanStep step : plan.steps()) {
            ObjectNode node = steps.addObject();
            node.put("index", step.index());
            node.put("table", step.table());
            node.put("source", step.sourceShard());
            node.put("target", step.targetShard());
            ArrayNode ranges = node.putArray("ranges");
            for (HashRange range : step.ranges()) {
                ranges.addObject().put("from", Long.toString(range.from())).put("to", Long.toString(range.to()));
            }
            node.put("hashShare", step.hashFraction());
            node.put("estimatedRows", step.estimatedRows());
            node.put("estimatedBytes", step.estimatedBytes());
            node.put("estimateMethod", step.estimateMethod().label());
        }
        PlanEstimate estimate = plan.estimate();
        root.putObject("estimate")
                .put("totalRows", estimate.totalRows())
                .put("totalBytes", estimate.totalBytes())
                .put("durationMs", estimate.duration().toMillis())
                .put("movedHashShare", estimate.movedHashShare())
                .put("assumedRowsPerSecond", estimate.rate().rowsPerSecond())
                .put("rateMeasuredBy", estimate.rate().measuredBy());
        return root;
    }

    /**
     * Reads a plan back from its JSON form (the state file). A topology whose file still exists and
     * describes the same layout is reloaded from the file, so literal passwords (never stored) are
     * available again; otherwise the embedded copy is used, with {@code ${env:…}} resolved anew.
     */
    public static Result<ReshardingPlan> fromJson(JsonNode root, TopologyLoader loader) {
        Result<Topology> from = topology(root.get("from"), loader);
        Result<Topology> to = topology(root.get("to"), loader);
        return from.flatMap(old -> to.map(target -> {
            List<String> tables = new ArrayList<>();
            root.get("tables").forEach(t -> tables.add(t.asText()));
            List<PlanStep> steps = new ArrayList<>();
            for (JsonNode node : root.get("steps")) {
                List<HashRange> ranges = new ArrayList<>();
                node.get("ranges").forEach(r -> ranges.add(new HashRange(Long.parseLong(r.get("from").asText()),
                        Long.parseLong(r.get("to").asText()))));
                steps.add(new PlanStep(node.get("index").asInt(), node.get("table").asText(), node.get("source").asText(),
                        node.get("target").asText(), ranges, node.get("estimatedRows").asLong(), node.get("estimatedBytes").asLong(),
                        EstimateMethod.valueOf(node.get("estimateMethod").asText().toUpperCase(java.util.Locale.ROOT))));
            }
            JsonNode e = root.get("estimate");
            PlanEstimate estimate = new PlanEstimate(e.get("totalRows").asLong(), e.get("totalBytes").asLong(),
                    Duration.ofMillis(e.get("durationMs").asLong()), e.get("movedHashShare").asDouble(), rate(e));
            return new ReshardingPlan(root.get("id").asText(), Instant.parse(root.get("createdAt").asText()), old, target, tables, steps, estimate);
        }));
    }

    /** Plans stored before {@code rateMeasuredBy} existed have only the assumed rate. */
    private static CopyRate rate(JsonNode estimate) {
        JsonNode measuredBy = estimate.get("rateMeasuredBy");
        long rowsPerSecond = estimate.get("assumedRowsPerSecond").asLong();
        return measuredBy == null || measuredBy.isNull() ? new CopyRate(rowsPerSecond, null) : CopyRate.measured(rowsPerSecond, measuredBy.asText());
    }

    private static Result<Topology> topology(JsonNode node, TopologyLoader loader) {
        JsonNode file = node.get("file");
        Path source = file == null || file.isNull() ? null : Path.of(file.asText());
        Result<Topology> embedded = loader.parse(node.get("topology").toString(), source);
        if (source != null && Files.exists(source) && embedded instanceof Result.Ok<Topology> ok) {
            Result<Topology> reloaded = loader.load(source);
            if (reloaded instanceof Result.Ok<Topology> fresh && fresh.value().sameLayoutAs(ok.value())) {
                return reloaded;
            }
        }
        return embedded;
    }

    /**
     * The plan with each source's change capture, as {@code reshard plan --json} prints it:
     * {@code "capture": {"shard-0": {"method": "logical", "reason": "…"}}}, plus {@code "problem"} for a source that cannot
     * use the capture asked for (its {@code method} is then null: no capture would run, pre-flight refuses to start). Kept apart from {@link #toJson(ReshardingPlan)}, which the state store keeps: the
     * operation records its own decision at pre-flight.
     */
    public static ObjectNode toJson(ReshardingPlan plan, CapturePreview capture) {
        ObjectNode root = toJson(plan);
        root.put("captureSetting", capture.setting().label());
        ObjectNode sources = root.putObject("capture");
        capture.sources().forEach((source, decision) -> {
            ObjectNode node = sources.putObject(source);
            if (decision.refused()) {
                node.putNull("method");
                node.put("reason", decision.reason());
                node.put("problem", decision.problem());
            } else {
                node.put("method", decision.method().label());
                node.put("reason", decision.reason());
            }
        });
        return root;
    }

    public static String toText(ReshardingPlan plan) {
        return text(toJson(plan));
    }

    public static String toText(ReshardingPlan plan, CapturePreview capture) {
        return text(toJson(plan, capture));
    }

    private static String text(ObjectNode root) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a plan tree always serialises", e);
        }
    }

    private static ObjectNode topology(Topology topology) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", topology.name());
        node.put("file", topology.source() == null ? null : topology.source().toString());
        node.put("shards", topology.shards().size());
        node.set("topology", TopologyJson.toJson(topology));
        return node;
    }
}
