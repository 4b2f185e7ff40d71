package org.reshard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reshard topology}: commands that work on topology files. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Work on topology files: design a target topology from the current one.",
        subcommands = {TopologyDesignCommand.class})
final class TopologyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: use 'reshard topology design --from CURRENT.json …'");
    }
}
