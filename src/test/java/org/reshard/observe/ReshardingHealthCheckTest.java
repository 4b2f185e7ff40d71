package org.reshard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.cli.ReshardCommand;
import org.reshard.common.ErrorCode;
import org.reshard.common.Result;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.ReshardingStateStore;
import org.reshard.state.RollbackStatus;
import org.reshard.state.SqliteStateStore;
import org.reshard.state.StoredError;
import picocli.CommandLine;

/** Each health state, from real state files (and, for store failures, a store that fails or hangs). */
class ReshardingHealthCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void healthyWhenNothingIsActive() {
        try (SqliteStateStore store = store()) {
            save(store, operation("rs-done", NOW.minusSeconds(600)).edit().interruptTo(ReshardingPhase.COMPLETED, NOW).build());
            HealthReport report = check(store);
            assertThat(report.status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(report.data()).containsEntry("activeCount", 0).containsEntry("failedIds", List.of()).containsEntry("error", "");
        }
    }

    @Test
    void degradedWhileOperationsProgressWithinTheMaximumDuration() {
        try (SqliteStateStore store = store()) {
            save(store, operation("rs-copying", NOW.minusSeconds(1800)).edit().advanceTo(ReshardingPhase.COPYING, NOW.minusSeconds(1700)).build());
            HealthReport report = check(store);
            assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(report.data()).containsEntry("activeCount", 1).containsEntry("inProgressCount", 1).containsEntry("overdueCount", 0);
            assertThat(report.data().get("activeOperations").toString()).contains("rs-copying", "Copying");
        }
    }

    @Test
    void unhealthyForAFailedOperationWithoutRollback() {
        try (SqliteStateStore store = store()) {
            save(store, operation("rs-failed", NOW.minusSeconds(60)).edit().interruptTo(ReshardingPhase.FAILED, NOW)
                    .failure(new StoredError("reshard.verification_failed", "mismatch")).build());
            HealthReport report = check(store);
            assertThat(report.status()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(report.data()).containsEntry("failedCount", 1).containsEntry("failedIds", List.of("rs-failed"));
            assertThat(report.description()).contains("failed without rollback", "rs-failed");
        }
    }

    @Test
    void unhealthyForAnOverdueOperationButNotForOneWaitingOutItsRetention() {
        try (SqliteStateStore store = store()) {
            save(store, operation("rs-slow", NOW.minus(Duration.ofHours(3))).edit().advanceTo(ReshardingPhase.COPYING, NOW.minus(Duration.ofHours(3))).build());
            save(store, operation("rs-retaining", NOW.minus(Duration.ofHours(10))).edit()
                    .advanceTo(ReshardingPhase.CLEANING_UP, NOW.minus(Duration.ofHours(9))).cleanupNotBefore(NOW.plus(Duration.ofHours(15))).build());
            HealthReport report = check(store);
            assertThat(report.status()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(report.data()).containsEntry("overdueCount", 1).containsEntry("overdueIds", List.of("rs-slow"))
                    .containsEntry("inProgressCount", 2);
        }
    }

    @Test
    void unhealthyWhenTheStateStoreFailsOrTheCheckTimesOut() {
        HealthReport failing = new ReshardingHealthCheck(new BrokenStore(false), Duration.ofHours(2), Duration.ofSeconds(5), CLOCK).check();
        assertThat(failing.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat((String) failing.data().get("error")).contains("disk I/O error");
        HealthReport hanging = new ReshardingHealthCheck(new BrokenStore(true), Duration.ofHours(2), Duration.ofMillis(300), CLOCK).check();
        assertThat(hanging.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(hanging.description()).contains("did not finish");
    }

    @Test
    void theCommandExitsWithTheStatus() throws Exception {
        Path file = dir.resolve("state.db");
        assertThat(health(file, false)).isEqualTo(0);
        try (SqliteStateStore store = SqliteStateStore.open(file).orElseThrow()) {
            save(store, operation("rs-now", Instant.now()));
        }
        assertThat(health(file, false)).isEqualTo(1);
        try (SqliteStateStore store = SqliteStateStore.open(file).orElseThrow()) {
            save(store, store.get("rs-now").orElseThrow().edit().interruptTo(ReshardingPhase.FAILED, Instant.now()).build());
        }
        assertThat(health(file, true)).isEqualTo(2);
        try (SqliteStateStore store = SqliteStateStore.open(file).orElseThrow()) {
            save(store, store.get("rs-now").orElseThrow().edit().interruptTo(ReshardingPhase.ROLLED_BACK, Instant.now())
                    .rollback(RollbackStatus.DONE, null).build());
        }
        assertThat(health(file, false)).isEqualTo(0);
    }

    private int health(Path file, boolean json) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = ReshardCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int code = json ? cli.execute("health", "--state", file.toString(), "--json") : cli.execute("health", "--state", file.toString());
        if (json) {
            var node = new ObjectMapper().readTree(out.toString());
            assertThat(node.get("status").asText()).isEqualTo("Unhealthy");
            assertThat(node.get("data").get("failedIds").get(0).asText()).isEqualTo("rs-now");
        } else {
            assertThat(out.toString()).matches("(Healthy|Degraded|Unhealthy): .+\\R");
        }
        return code;
    }

    private HealthReport check(ReshardingStateStore store) {
        return new ReshardingHealthCheck(store, Duration.ofHours(2), Duration.ofSeconds(10), CLOCK).check();
    }

    private SqliteStateStore store() {
        return SqliteStateStore.open(dir.resolve("state.db")).orElseThrow();
    }

    private static void save(ReshardingStateStore store, ReshardingState state) {
        store.save(state, ReshardingStateStore.Durability.PHASE_TRANSITION).orElseThrow();
    }

    private static ReshardingState operation(String id, Instant started) {
        var plan = new ObjectMapper().createObjectNode().put("id", id);
        plan.putArray("steps");
        return ReshardingState.start(id, plan, null, 0, started);
    }

    /** A state store that fails, or never answers: the health check's own failure paths. */
    private record BrokenStore(boolean hang) implements ReshardingStateStore {
        @Override
        public Result<List<ReshardingState>> listActive() {
            if (hang) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Result.failure(ErrorCode.STATE_STORE_FAILED, "disk I/O error reading state.db");
        }

        @Override
        public Result<ReshardingState> save(ReshardingState state, Durability durability) {
            throw new AssertionError("the health check only reads");
        }

        @Override
        public Result<ReshardingState> get(String id) {
            throw new AssertionError("the health check only lists");
        }

        @Override
        public Result<List<ReshardingState>> list() {
            throw new AssertionError("the health check only lists active operations");
        }

        @Override
        public Result<Boolean> delete(String id) {
            throw new AssertionError("the health check only reads");
        }

        @Override
        public void close() {
        }
    }
}
