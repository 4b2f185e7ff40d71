package org.reshard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reshard rollback}: undoes an operation that has not published its new topology. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        header = "Undo an operation that has not cut over, removing everything it created.",
        description = {"Removes change capture and fences from the sources,",
                "deletes the copied rows (or drops the tables the operation created) on the targets and restores the registry."})
final class RollbackCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The operation to roll back.")
    private String id;

    @Mixin
    private StateFileOption state;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation on a terminal.")
    private boolean yes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Confirmation.confirmed(yes, out, "Roll back " + id + "? Copied rows on the target shards will be deleted.")) {
            return 1;
        }
        return OperationSession.run(state.file(), false, out, err, false, session -> session.orchestrator().rollback(id, session.hooks()));
    }
}
