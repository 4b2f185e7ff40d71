package org.reshard.workflow;

import java.nio.file.Path;
import org.reshard.state.SqliteStateStore;

/**
 * Runs one way-back step of an existing operation in a child JVM for the crash tests, which halt it at a fault
 * point ({@code -Dreshard.test.haltAt}) and kill it: arguments are the state file, the step ("switch-back",
 * "switch-forward" — a resume through the approved gate — or "complete") and the operation's id.
 */
public final class WayBackChild {

    public static void main(String[] args) throws Exception {
        try (SqliteStateStore store = SqliteStateStore.open(Path.of(args[0])).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store);
            ReshardingOutcome outcome = switch (args[1]) {
                case "switch-back" -> orchestrator.switchBack(args[2], RunHooks.approving()).orElseThrow();
                case "switch-forward" -> orchestrator.resume(args[2], RunHooks.approving()).orElseThrow();
                case "complete" -> orchestrator.complete(args[2], RunHooks.approving()).orElseThrow();
                default -> throw new IllegalArgumentException(args[1]);
            };
            System.out.println("outcome " + outcome.state().phase().label());
        }
    }
}
