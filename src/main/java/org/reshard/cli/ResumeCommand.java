package org.reshard.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.reshard.common.ErrorCode;
import org.reshard.common.Result;
import org.reshard.state.ReshardingState;
import org.reshard.state.SqliteStateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reshard resume}: continues an interrupted, stopped or failed operation from its last checkpoint. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an interrupted operation from its last checkpoint (or finish an interrupted rollback).")
final class ResumeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The operation (default: the one that is active).")
    private String id;

    @Mixin
    private StateFileOption state;

    @Mixin
    private MetricsPortOption metrics;

    @Option(names = "--approve-cutover", description = "Approve the cutover without asking.")
    private boolean approve;

    @Option(names = "--json", description = "Print JSON lines instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        metrics.configure();
        if (id == null) {
            Result<String> active = activeId();
            if (active instanceof Result.Failure<String> failure) {
                return ErrorPrinter.print(failure.error(), json, out, err);
            }
            id = active.orElseThrow();
        }
        return OperationSession.run(state.file(), json, out, err, approve, session -> session.orchestrator().resume(id, session.hooks()));
    }

    private Result<String> activeId() {
        return SqliteStateStore.openReadOnly(state.file()).flatMap(store -> {
            try (store) {
                return store.listActive().flatMap((List<ReshardingState> active) -> active.isEmpty()
                        ? Result.failure(ErrorCode.RESHARDING_NOT_FOUND, "no active operation in " + state.file() + " — nothing to resume")
                        : Result.ok(active.getFirst().id()));
            }
        });
    }
}
