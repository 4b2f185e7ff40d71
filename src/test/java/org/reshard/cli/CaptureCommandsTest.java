package org.reshard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;

/** {@code --capture} on plan and run, the capture per source in {@code plan} and {@code status}: real PostgreSQL and SQLite shards. */
class CaptureCommandsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void planSaysForEachPostgresSourceWhichCaptureItWillUseAndWhy() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(ShardFixture.Kind.POSTGRES, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 200)) {
            JsonNode auto = planJson(scenario);
            Set<String> sources = sources(auto);
            assertThat(sources).isNotEmpty();
            assertThat(auto.get("captureSetting").asText()).isEqualTo("auto");
            for (String source : sources) {
                JsonNode capture = auto.get("capture").get(source);
                assertThat(capture.get("method").asText()).as(source).isEqualTo("logical");
                assertThat(capture.get("reason").asText()).contains("wal_level is logical", "capturing from the WAL");
                assertThat(capture.has("problem")).isFalse();
            }

            JsonNode triggers = planJson(scenario, "--capture", "triggers");
            for (String source : sources) {
                assertThat(triggers.get("capture").get(source).get("method").asText()).isEqualTo("triggers");
                assertThat(triggers.get("capture").get(source).get("reason").asText()).contains("--capture triggers");
            }

            CliRun text = CliRun.of("plan", "--from", scenario.oldFile().toString(), "--to", scenario.newFile().toString(),
                    "--state", scenario.stateFile().toString());
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).contains("Change capture (--capture auto):").containsPattern("shard-\\d\\s+logical\\s+wal_level is logical")
                    .contains("This is a dry run").doesNotContain("Pre-flight will refuse");
        }
    }

    @Test
    void aForcedLogicalCaptureThatASourceCannotDoIsAProblemInThePlanAndStopsTheRunAtPreflight() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(ShardFixture.Kind.SQLITE, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 100)) {
            JsonNode plan = planJson(scenario, "--capture", "logical");
            assertThat(plan.get("captureSetting").asText()).isEqualTo("logical");
            for (String source : sources(plan)) {
                JsonNode capture = plan.get("capture").get(source);
                assertThat(capture.get("method").isNull()).as(source).isTrue();
                assertThat(capture.get("problem").asText()).contains("--capture logical needs PostgreSQL");
            }
            CliRun text = CliRun.of("plan", "--from", scenario.oldFile().toString(), "--to", scenario.newFile().toString(),
                    "--state", scenario.stateFile().toString(), "--capture", "logical");
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).containsPattern("shard-\\d\\s+PROBLEM\\s+--capture logical needs PostgreSQL")
                    .contains("Pre-flight will refuse to start");

            JsonNode auto = planJson(scenario);
            for (String source : sources(auto)) {
                assertThat(auto.get("capture").get(source).get("method").asText()).isEqualTo("triggers");
                assertThat(auto.get("capture").get(source).get("reason").asText()).contains("SQLite has no write-ahead log");
            }

            CliRun run = CliRun.of("run", "--from", scenario.oldFile().toString(), "--to", scenario.newFile().toString(),
                    "--state", scenario.stateFile().toString(), "--capture", "logical", "--approve-cutover");
            assertThat(run.exitCode()).as(run.out()).isEqualTo(ReshardCommand.FAILED);
            assertThat(run.err()).contains("--capture logical needs PostgreSQL");
        }
    }

    @Test
    void anUnknownCaptureIsAUsageError() {
        CliRun run = CliRun.of("plan", "--from", "a.json", "--to", "b.json", "--capture", "wal");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("capture must be auto, triggers or logical, was wal");
    }

    @Test
    void aRunWithLogicalCaptureRecordsEachSourcesSlotAndPositionWhichStatusShows() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(ShardFixture.Kind.POSTGRES, dir, 2, Strategy.RANGE, 3, Strategy.RANGE, 200)) {
            String state = scenario.stateFile().toString();
            CliRun run = CliRun.of("run", "--from", scenario.oldFile().toString(), "--to", scenario.newFile().toString(), "--state", state,
                    "--capture", "logical", "--approve-cutover", "--retention", "0s", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode outcome = MAPPER.readTree(run.out().lines().reduce((a, b) -> b).orElseThrow());
            assertThat(outcome.get("captures").size()).isPositive();

            JsonNode status = MAPPER.readTree(CliRun.of("status", outcome.get("id").asText(), "--state", state, "--json").out());
            assertThat(status.get("phase").asText()).isEqualTo("Completed");
            JsonNode captures = status.get("captures");
            assertThat(captures.size()).isPositive();
            captures.fields().forEachRemaining(entry -> {
                JsonNode capture = entry.getValue();
                assertThat(capture.get("method").asText()).as(entry.getKey()).isEqualTo("logical");
                assertThat(capture.get("reason").asText()).contains("wal_level is logical");
                assertThat(capture.get("slot").asText()).startsWith("reshard_");
                assertThat(capture.get("position").asLong()).isPositive();
                assertThat(capture.get("lsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
            });

            CliRun text = CliRun.of("status", outcome.get("id").asText(), "--state", state);
            assertThat(text.out()).contains("Change capture:").containsPattern("shard-\\d\\s+logical\\s+.*\\(slot reshard_");
        }
    }

    private static JsonNode planJson(ReshardingScenario scenario, String... extra) throws Exception {
        String[] base = {"plan", "--from", scenario.oldFile().toString(), "--to", scenario.newFile().toString(),
                "--state", scenario.stateFile().toString(), "--json"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra)).toArray(String[]::new);
        CliRun plan = CliRun.of(args);
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        return MAPPER.readTree(plan.out());
    }

    private static Set<String> sources(JsonNode plan) {
        Set<String> sources = new LinkedHashSet<>();
        plan.get("steps").forEach(step -> sources.add(step.get("source").asText()));
        assertThat(plan.get("capture").size()).isEqualTo(sources.size());
        return sources;
    }
}
