package org.reshard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reshard complete}: ends the retention of a cut-over operation now and cleans up. */
@Command(name = "complete", mixinStandardHelpOptions = true,
        header = "End a cut-over operation's retention now: delete the old owners' copies and finish.",
        description = {"Stops reverse replication, deletes the moved rows from the old owners, removes the fences and completes "
                + "the operation. The way back (switch-back) closes."})
final class CompleteCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The operation to complete.")
    private String id;

    @Mixin
    private StateFileOption state;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation on a terminal.")
    private boolean yes;

    @Option(names = "--json", description = "Print JSON lines instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Confirmation.confirmed(yes, out, "Complete " + id + " now? The old owners' copies of the moved rows are deleted and "
                + "switching back is no longer possible.")) {
            return 1;
        }
        return OperationSession.run(state.file(), json, out, err, false, session -> session.orchestrator().complete(id, session.hooks()));
    }
}
