package org.reshard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.topology.TopologyLoader;
import org.reshard.workflow.CutoverGate;
import org.reshard.workflow.OperationControl;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.ReshardingOrchestrator;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/**
 * {@code reshard switch-back} and {@code reshard complete} on the demo: an operation retaining after cutover
 * switches back (the registry serves the old topology again), switches forward with {@code resume}, and
 * completes; {@code status --json} shows the reverse lag; a second switch back after completion is refused.
 */
class WayBackCommandsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void switchBackResumeAndCompleteFromTheCommandLine() throws Exception {
        assertThat(run("demo", "init", "--dir", dir.resolve("demo").toString(), "--rows", "600").exitCode()).isZero();
        String state = dir.resolve("state.db").toString();
        String id = runIntoRetention(state);

        JsonNode retaining = MAPPER.readTree(run("status", id, "--state", state, "--json").out());
        assertThat(retaining.get("phase").asText()).isEqualTo("CleaningUp");
        assertThat(retaining.get("progress").has("reverseLagMs")).isTrue();
        assertThat(retaining.get("progress").get("steps").get(0).has("rowsReversed")).isTrue();

        CliRun back = run("switch-back", id, "--state", state, "--yes");
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(back.out()).contains("switch back: writes to the moved ranges were paused for", "stopped in Replicating");
        assertThat(MAPPER.readTree(run("status", id, "--state", state, "--json").out()).get("phase").asText()).isEqualTo("Replicating");

        // Switching forward is a resume through the gate; it waits out the hour of retention, so the test stops it there.
        try (SqliteStateStore store = SqliteStateStore.open(Path.of(state)).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            assertThat(untilRetention(hooks -> orchestrator.resume(id, hooks).orElseThrow()).state().phase())
                    .isEqualTo(ReshardingPhase.CLEANING_UP);
        }

        CliRun complete = run("complete", id, "--state", state, "--yes");
        assertThat(complete.exitCode()).as(complete.err()).isZero();
        assertThat(complete.out()).contains("retention ended by the operator", id + ": Completed");

        CliRun again = run("switch-back", id, "--state", state, "--yes");
        assertThat(again.exitCode()).isEqualTo(ReshardCommand.FAILED);
        assertThat(again.err()).contains("reshard.switch_back_not_available");
    }

    /** Runs the demo operation into an hour of retention, stops it there, and returns its id. */
    private String runIntoRetention(String state) throws Exception {
        TopologyLoader loader = new TopologyLoader();
        try (SqliteStateStore store = SqliteStateStore.open(Path.of(state)).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(loader.load(dir.resolve("demo/old.json")).orElseThrow(),
                    loader.load(dir.resolve("demo/new.json")).orElseThrow())).orElseThrow();
            ReshardingOptions options = ReshardingOptions.DEFAULTS.withBatchSize(500).withRetention(Duration.ofHours(1))
                    .withLagThreshold(Duration.ofMillis(500));
            assertThat(untilRetention(hooks -> orchestrator.execute(plan, options, hooks).orElseThrow()).state().phase())
                    .isEqualTo(ReshardingPhase.CLEANING_UP);
            return plan.id();
        }
    }

    /** Runs until the operation waits out its retention (gate approved), and stops it there. */
    private static ReshardingOutcome untilRetention(java.util.function.Function<RunHooks, ReshardingOutcome> run) throws Exception {
        OperationControl control = new OperationControl();
        CountDownLatch retaining = new CountDownLatch(1);
        RunHooks hooks = new RunHooks(new ReshardingListener() {
            @Override
            public void phaseStarted(String id, ReshardingPhase phase) {
                if (phase == ReshardingPhase.CLEANING_UP) {
                    retaining.countDown();
                }
            }
        }, CutoverGate.approveAlways(), control);
        CompletableFuture<ReshardingOutcome> outcome = CompletableFuture.supplyAsync(() -> run.apply(hooks));
        assertThat(retaining.await(120, TimeUnit.SECONDS)).isTrue();
        control.requestStop("the test goes on from the command line");
        return outcome.get(60, TimeUnit.SECONDS);
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
