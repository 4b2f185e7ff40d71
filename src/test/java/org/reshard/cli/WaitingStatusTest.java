package org.reshard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.state.ReshardingState;
import org.reshard.state.ReshardingStateStore.Durability;
import org.reshard.state.SqliteStateStore;
import org.reshard.state.StoredError;
import org.reshard.state.Waiting;
import org.reshard.workflow.OperationProgress;

/**
 * An operation that waits out a transient fault, as {@code status}, {@code status --json}, {@code health}
 * and the run's progress line show it: the shard, its address, the fault, since when, the next attempt.
 * The operation is a real one (the demo, stopped at the gate) whose stored state is given a wait, as the
 * orchestrator saves it while it waits.
 */
class WaitingStatusTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private String state;
    private String id;
    private Waiting waiting;

    @BeforeEach
    void anOperationWaitingForAShard() throws Exception {
        assertThat(run("demo", "init", "--dir", dir.resolve("demo").toString(), "--rows", "600").exitCode()).isZero();
        state = dir.resolve("state.db").toString();
        CliRun stopped = run("run", "--from", dir.resolve("demo/old.json").toString(), "--to", dir.resolve("demo/new.json").toString(),
                "--state", state, "--retention", "0s", "--json");
        id = MAPPER.readTree(stopped.out().lines().reduce((a, b) -> b).orElseThrow()).get("id").asText();
        Instant now = Instant.now();
        waiting = new Waiting("shard-2", "127.0.0.1:5433", "connection refused",
                new StoredError("reshard.shard.unreachable", "shard shard-2 (jdbc:postgresql://127.0.0.1:5433/orders) is unreachable: refused"),
                now.minusSeconds(20), now.plusSeconds(8), 3, now.plus(Duration.ofMinutes(10)));
        try (SqliteStateStore store = SqliteStateStore.open(Path.of(state)).orElseThrow()) {
            ReshardingState saved = store.get(id).orElseThrow();
            store.save(saved.edit().waiting(waiting).build(), Durability.PHASE_TRANSITION).orElseThrow();
        }
    }

    @Test
    void statusJsonCarriesTheWait() throws Exception {
        JsonNode node = MAPPER.readTree(run("status", id, "--state", state, "--json").out()).get("waiting");
        assertThat(node.get("shard").asText()).isEqualTo("shard-2");
        assertThat(node.get("address").asText()).isEqualTo("127.0.0.1:5433");
        assertThat(node.get("reason").asText()).isEqualTo("connection refused");
        assertThat(node.get("error").get("code").asText()).isEqualTo("reshard.shard.unreachable");
        assertThat(Instant.parse(node.get("since").asText())).isEqualTo(waiting.since());
        assertThat(Instant.parse(node.get("nextAttemptAt").asText())).isEqualTo(waiting.nextAttemptAt());
        assertThat(node.get("attempt").asInt()).isEqualTo(3);
    }

    @Test
    void statusTextAndTheListNameTheShard() {
        assertThat(run("status", id, "--state", state).out())
                .contains("waiting for shard shard-2 (127.0.0.1:5433): connection refused — retry 3 in ", "reshard.shard.unreachable");
        assertThat(run("status", "--state", state).out()).contains("waiting for shard shard-2 (127.0.0.1:5433)");
    }

    @Test
    void healthIsDegradedAndSaysWhatItWaitsFor() throws Exception {
        CliRun health = run("health", "--state", state, "--json");
        assertThat(health.exitCode()).isEqualTo(1);
        JsonNode report = MAPPER.readTree(health.out());
        assertThat(report.toString()).contains("waits for shard shard-2 (127.0.0.1:5433) (connection refused");
        assertThat(report.findValue("waiting").get("shard").asText()).isEqualTo("shard-2");
    }

    @Test
    void theProgressLineSaysWhenItTriesAgain() throws Exception {
        StringWriter out = new StringWriter();
        try (SqliteStateStore store = SqliteStateStore.open(Path.of(state)).orElseThrow()) {
            new ProgressPrinter(new PrintWriter(out), false).progress(OperationProgress.of(store.get(id).orElseThrow(), "", 0));
        }
        assertThat(out.toString()).containsPattern("CuttingOver waiting for shard shard-2 \\(127\\.0\\.0\\.1:5433\\): connection refused — retry 3 in [78] s");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
