package org.reshard;

import java.nio.file.Files;
import java.nio.file.Path;
import org.reshard.cli.ReshardCommand;
import org.reshard.ui.ConsoleApp;

/**
 * Entry point: no arguments (or one topology file, as a file manager passes it) opens the console
 * window; anything else runs the {@code reshard} command line.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args.length == 1 && isTopologyFile(args[0])) {
            // Launching through a class that does not extend Application lets JavaFX run from the classpath.
            ConsoleApp.launchConsole(args);
            return;
        }
        System.exit(ReshardCommand.commandLine().execute(args));
    }

    private static boolean isTopologyFile(String arg) {
        return (arg.endsWith(".topology") || arg.endsWith(".json")) && Files.isRegularFile(Path.of(arg));
    }
}
