package org.reshard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reshard run | resume | status | rollback} on a small demo workspace: output, JSON and exit codes. */
class CliWorkflowTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private String state;
    private String from;
    private String to;

    @BeforeEach
    void demo() {
        assertThat(run("demo", "init", "--dir", dir.resolve("demo").toString(), "--rows", "1500").exitCode()).isZero();
        state = dir.resolve("state.db").toString();
        from = dir.resolve("demo/old.json").toString();
        to = dir.resolve("demo/new.json").toString();
    }

    @Test
    void runWithApprovalCompletesAndStatusShowsTheHistory() throws Exception {
        CliRun run = run("run", "--from", from, "--to", to, "--state", state, "--approve-cutover", "--retention", "0s", "--batch-size", "300");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Copying started", "cutover approved", "Completed");
        JsonNode all = MAPPER.readTree(run("status", "--state", state, "--json").out());
        assertThat(all).hasSize(1);
        JsonNode operation = all.get(0);
        assertThat(operation.get("phase").asText()).isEqualTo("Completed");
        assertThat(operation.get("lastCompletedPhase").asText()).isEqualTo("CleaningUp");
        assertThat(operation.get("progress").get("overallPercent").asDouble()).isEqualTo(100.0);
        JsonNode step = operation.get("progress").get("steps").get(0);
        assertThat(step.get("rowsCopied").asLong()).isEqualTo(step.get("estimatedRows").asLong()).isPositive();
        assertThat(step.get("verified").asBoolean()).isTrue();
        assertThat(step.has("rowsReplicated")).isTrue();
        assertThat(step.has("lagMs")).isTrue();
        List<String> phases = operation.get("phaseHistory").findValuesAsText("phase");
        assertThat(phases).containsExactly("Planning", "Copying", "Replicating", "Verifying", "CuttingOver", "CleaningUp", "Completed");
        operation.get("phaseHistory").forEach(entry -> {
            assertThat(entry.get("startedAt").asText()).isNotBlank();
            assertThat(entry.get("durationMs").asLong()).isNotNegative();
        });
        CliRun text = run("status", operation.get("id").asText(), "--state", state);
        assertThat(text.out()).contains("Completed, 100.0% done", "shard-0 → shard-1", "✓", "Phases:");

        CliRun rollback = run("rollback", operation.get("id").asText(), "--state", state);
        assertThat(rollback.exitCode()).isEqualTo(3);
        assertThat(rollback.err()).contains("reshard.rollback_not_available");
    }

    @Test
    void planEstimatesAtTheRateTheLastCompletedRunMeasured() throws Exception {
        CliRun before = run("plan", "--from", from, "--to", to, "--state", state);
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out()).contains("50,000 rows/s, assumed until an operation against this registry completes");
        CliRun run = run("run", "--from", from, "--to", to, "--state", state, "--approve-cutover", "--retention", "0s", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String id = MAPPER.readTree(run.out().lines().reduce((first, second) -> second).orElseThrow()).get("id").asText();

        CliRun back = run("plan", "--from", to, "--to", from, "--state", state);
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(back.out()).containsPattern("Estimated duration: .* \\(at [0-9,]+ rows/s, as operation " + id + " measured it\\)");
        JsonNode estimate = MAPPER.readTree(run("plan", "--from", to, "--to", from, "--state", state, "--json").out()).get("estimate");
        assertThat(estimate.get("rateMeasuredBy").asText()).isEqualTo(id);
        assertThat(estimate.get("assumedRowsPerSecond").asLong()).isPositive();
    }

    @Test
    void withoutApprovalTheRunStopsAtTheGateAndResumeFinishesIt() throws Exception {
        CliRun run = run("run", "--from", from, "--to", to, "--state", state, "--retention", "0s");
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).contains("stopped at the cutover gate", "--approve-cutover");
        JsonNode operation = MAPPER.readTree(run("status", "--state", state, "--json").out()).get(0);
        assertThat(operation.get("phase").asText()).isEqualTo("CuttingOver");

        CliRun second = run("run", "--from", from, "--to", to, "--state", state, "--json");
        assertThat(second.exitCode()).isEqualTo(3);
        assertThat(MAPPER.readTree(second.out()).get("error").get("code").asText()).isEqualTo("reshard.concurrent_resharding_not_allowed");

        CliRun resume = run("resume", "--state", state, "--approve-cutover", "--json");
        assertThat(resume.exitCode()).as(resume.err()).isZero();
        List<String> lines = resume.out().lines().toList();
        for (String line : lines) {
            assertThat(MAPPER.readTree(line).get("type").asText()).isIn("phase", "event", "progress", "outcome");
        }
        JsonNode outcome = MAPPER.readTree(lines.getLast());
        assertThat(outcome.get("type").asText()).isEqualTo("outcome");
        assertThat(outcome.get("phase").asText()).isEqualTo("Completed");
    }

    @Test
    void rollbackUndoesAnOperationStoppedAtTheGate() throws Exception {
        assertThat(run("run", "--from", from, "--to", to, "--state", state).exitCode()).isEqualTo(4);
        String id = MAPPER.readTree(run("status", "--state", state, "--json").out()).get(0).get("id").asText();
        CliRun rollback = run("rollback", id, "--state", state);
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains(id + ": RolledBack");
        assertThat(MAPPER.readTree(run("status", id, "--state", state, "--json").out()).get("phase").asText()).isEqualTo("RolledBack");
        assertThat(run("resume", "--state", state).err()).contains("reshard.resharding_not_found");
    }

    @Test
    void badInputGetsItsCode() {
        assertThat(run("run", "--from", from, "--to", to, "--state", state, "--lag-threshold", "fast").exitCode()).isEqualTo(2);
        assertThat(run("run", "--from", from, "--to", to, "--state", state, "--verify", "maybe").err()).contains("count-and-checksum");
        CliRun missing = run("status", "--state", dir.resolve("nothing.db").toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("reshard.state_store_failed", "does not exist");
        CliRun same = run("run", "--from", from, "--to", from, "--state", state);
        assertThat(same.exitCode()).isEqualTo(3);
        assertThat(same.err()).contains("reshard.topologies_identical");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
