package org.reshard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reshard switch-back}: returns a cut-over operation to its old topology while the retention lasts. */
@Command(name = "switch-back", mixinStandardHelpOptions = true,
        header = "Return a cut-over operation to its old topology while the old owners still hold the moved rows.",
        description = {"Catches reverse replication up, pauses writes to the moved ranges on the new owners, applies the last changes "
                + "to the old owners and publishes the old topology again (within --cutover-timeout, or nothing changes). "
                + "Afterwards 'reshard resume ID' switches forward through the cutover gate and 'reshard rollback ID' undoes the operation."})
final class SwitchBackCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The operation to switch back.")
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
        if (!Confirmation.confirmed(yes, out, "Switch " + id + " back to its old topology? Writes to the moved ranges pause briefly;"
                + " the new owners keep their copies until a switch forward or a rollback.")) {
            return 1;
        }
        return OperationSession.run(state.file(), json, out, err, false, session -> session.orchestrator().switchBack(id, session.hooks()));
    }
}
