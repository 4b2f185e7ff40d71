package org.reshard.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.reshard.common.Result;
import org.reshard.state.SqliteStateStore;
import org.reshard.workflow.OperationControl;
import org.reshard.workflow.ReshardingOrchestrator;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/**
 * Runs one orchestrator call for a command: opens the state file for writing, stops the operation at
 * its next checkpoint on Ctrl+C (so the state is saved and {@code resume} continues), prints the outcome.
 */
final class OperationSession {

    private OperationSession() {
    }

    static int run(Path stateFile, boolean json, PrintWriter out, PrintWriter err, boolean approve,
                   Function<Context, Result<ReshardingOutcome>> call) {
        Result<SqliteStateStore> opened = SqliteStateStore.open(stateFile);
        if (opened instanceof Result.Failure<SqliteStateStore> failure) {
            return ErrorPrinter.print(failure.error(), json, out, err);
        }
        OperationControl control = new OperationControl();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            control.requestStop("interrupted (Ctrl+C)");
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "reshard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (SqliteStateStore store = opened.orElseThrow()) {
            RunHooks hooks = new RunHooks(new ProgressPrinter(out, json), TerminalGate.of(approve, out), control);
            return OutcomePrinter.print(call.apply(new Context(new ReshardingOrchestrator(store), hooks)), json, out, err);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down because of Ctrl+C; the hook is running and will return.
            }
        }
    }

    /** What a command's call gets: the orchestrator and the hooks wired to this terminal. */
    record Context(ReshardingOrchestrator orchestrator, RunHooks hooks) {
    }
}
