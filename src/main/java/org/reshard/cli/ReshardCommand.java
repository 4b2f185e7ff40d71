package org.reshard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reshard} command line (DESIGN 3.3). */
@Command(name = "reshard", mixinStandardHelpOptions = true, versionProvider = ReshardCommand.Version.class,
        description = "Plan and run online resharding of hash-sharded PostgreSQL and SQLite databases.%n"
                + "With no arguments, opens the Reshard Console window.",
        subcommands = {DemoCommand.class, PlanCommand.class, RouteCommand.class, RunCommand.class, ResumeCommand.class,
                StatusCommand.class, RollbackCommand.class, SwitchBackCommand.class, CompleteCommand.class, HealthCommand.class, QueryCommand.class, TopologyCommand.class,
                CommandLine.HelpCommand.class})
public final class ReshardCommand {

    /** Exit code when an operation failed; the error code is printed. */
    public static final int FAILED = 3;

    /** Builds the picocli command line with the exit codes of DESIGN 3.3. */
    public static CommandLine commandLine() {
        return new CommandLine(new ReshardCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ReshardCommand.class.getPackage().getImplementationVersion();
            return new String[] {"reshard " + (version == null ? "development" : version)};
        }
    }
}
