package org.reshard.cli;

import java.nio.file.Path;
import org.reshard.common.ReshardHome;
import picocli.CommandLine.Option;

/** {@code --state FILE}, shared by the commands that read or write operations. */
final class StateFileOption {

    @Option(names = "--state", paramLabel = "FILE", description = "The state file (default: ~/.reshard/state.db, or $RESHARD_HOME/state.db).")
    private Path file;

    Path file() {
        return file == null ? ReshardHome.stateFile() : file;
    }
}
