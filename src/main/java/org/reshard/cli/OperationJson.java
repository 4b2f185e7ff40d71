package org.reshard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.postgresql.replication.LogSequenceNumber;
import org.reshard.state.PhaseTiming;
import org.reshard.state.SourceCaptureState;
import org.reshard.state.Verification;
import org.reshard.workflow.OperationProgress;

/** The JSON form of an operation for {@code status --json} and the last line of {@code run --json}. */
final class OperationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OperationJson() {
    }

    static ObjectNode of(OperationProgress p, Instant now) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", p.id());
        node.put("phase", p.phase().label());
        node.put("lastCompletedPhase", p.lastCompletedPhase() == null ? null : p.lastCompletedPhase().label());
        ObjectNode progress = node.putObject("progress");
        progress.put("overallPercent", Math.round(p.overallPercent() * 10) / 10.0);
        progress.put("activity", p.activity());
        progress.put("lagMs", p.lagMs());
        progress.put("reverseLagMs", p.reverseLagMs());
        ArrayNode steps = progress.putArray("steps");
        for (OperationProgress.StepView s : p.steps()) {
            ObjectNode step = steps.addObject();
            step.put("index", s.index()).put("table", s.table()).put("source", s.source()).put("target", s.target());
            step.put("estimatedRows", s.estimatedRows()).put("rowsCopied", s.rowsCopied()).put("copyDone", s.copyDone());
            step.put("rowsReplicated", s.rowsReplicated()).put("lagMs", s.lagMs());
            step.put("rowsReversed", s.rowsReversed()).put("reverseLagMs", s.reverseLagMs());
            Verification v = s.verification();
            if (v == null) {
                step.putNull("verified");
            } else {
                step.put("verified", v.matches());
                ObjectNode verification = step.putObject("verification");
                verification.put("sourceCount", v.sourceCount()).put("targetCount", v.targetCount())
                        .put("sourceChecksum", v.sourceChecksum()).put("targetChecksum", v.targetChecksum());
                v.differingKeys().forEach(verification.putArray("differingKeys")::add);
            }
        }
        ArrayNode history = node.putArray("phaseHistory");
        for (PhaseTiming t : p.history()) {
            ObjectNode entry = history.addObject();
            entry.put("phase", t.phase().label());
            entry.put("startedAt", t.startedAt().toString());
            entry.put("completedAt", t.completedAt() == null ? null : t.completedAt().toString());
            entry.put("durationMs", t.duration(now).toMillis());
        }
        if (p.failure() == null) {
            node.putNull("error");
        } else {
            errorNode(node.putObject("error"), p.failure());
        }
        if (p.waiting() == null) {
            node.putNull("waiting");
        } else {
            waitingNode(node.putObject("waiting"), p.waiting());
        }
        node.put("rollback", p.rollback().name().toLowerCase());
        node.put("cleanupNotBefore", p.cleanupNotBefore() == null ? null : p.cleanupNotBefore().toString());
        p.warnings().forEach(node.putArray("warnings")::add);
        node.put("updatedAt", p.updatedAt().toString());
        return node;
    }

    /**
     * The operation with each source's change capture as pre-flight recorded it: {@code "captures": {"shard-0": {"method",
     * "reason", "slot", "installed", "position", "lsn"}}}: logical decoding's slot and the WAL position applied so far, as
     * a number and as PostgreSQL writes it ({@code slot} and {@code lsn} null for triggers).
     */
    static ObjectNode of(OperationProgress p, Map<String, SourceCaptureState> captures, Instant now) {
        ObjectNode node = of(p, now);
        ObjectNode sources = node.putObject("captures");
        captures.forEach((source, capture) -> sources.putObject(source)
                .put("method", capture.method())
                .put("reason", capture.reason())
                .put("slot", capture.slot())
                .put("installed", capture.installed())
                .put("position", capture.position())
                .put("lsn", capture.slot() == null ? null : LogSequenceNumber.valueOf(capture.position()).asString()));
        return node;
    }

    private static void waitingNode(ObjectNode node, org.reshard.state.Waiting w) {
        node.put("shard", w.shard()).put("address", w.address()).put("reason", w.reason());
        errorNode(node.putObject("error"), w.error());
        node.put("since", w.since().toString()).put("nextAttemptAt", w.nextAttemptAt().toString())
                .put("attempt", w.attempt()).put("giveUpAt", w.giveUpAt().toString());
    }

    private static void errorNode(ObjectNode node, org.reshard.state.StoredError error) {
        node.put("code", error.code()).put("message", error.message());
        if (error.cause() != null) {
            errorNode(node.putObject("cause"), error.cause());
        }
    }
}
