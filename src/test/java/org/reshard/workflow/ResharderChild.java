package org.reshard.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.SqliteStateStore;
import org.reshard.topology.TopologyLoader;

/**
 * Runs a resharding in a child JVM for the crash tests, which halt it at a fault point
 * ({@code -Dreshard.test.haltAt}) and kill it. Mode "run" executes to the end; "rollback" fails at the
 * gate and rolls back.
 * An optional sixth argument sets the cutover timeout in milliseconds (the write pause's deadline).
 */
public final class ResharderChild {

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        TopologyLoader loader = new TopologyLoader();
        try (SqliteStateStore store = SqliteStateStore.open(state).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(loader.load(Path.of(args[1])).orElseThrow(),
                    loader.load(Path.of(args[2])).orElseThrow())).orElseThrow();
            ReshardingOptions options = ReshardingOptions.DEFAULTS.withBatchSize(Integer.parseInt(args[4]))
                    .withRetention(Duration.ZERO).withLagThreshold(Duration.ofMillis(500));
            // The capture a crash test runs in (auto by default: logical decoding on a server with wal_level = logical).
            options = options.withCapture(org.reshard.cdc.CaptureSetting.fromLabel(System.getProperty("reshard.test.capture", "auto")));
            if (args.length > 5) {
                options = options.withCutoverTimeout(Duration.ofMillis(Long.parseLong(args[5])));
            }
            System.out.println("started " + plan.id());
            ReshardingOutcome outcome = switch (args[3]) {
                case "run" -> orchestrator.execute(plan, options, RunHooks.approving()).orElseThrow();
                case "rollback" -> {
                    CutoverGate refuse = summary -> CompletableFuture.completedFuture(new GateDecision.Refuse("crash test"));
                    orchestrator.execute(plan, options, RunHooks.approving().withGate(refuse)).orElseThrow();
                    yield orchestrator.rollback(plan.id(), RunHooks.approving()).orElseThrow();
                }
                default -> throw new IllegalArgumentException(args[3]);
            };
            System.out.println("outcome " + outcome.state().phase().label());
        }
    }
}
