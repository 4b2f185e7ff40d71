package org.reshard.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.reshard.plan.ReshardingPlan;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.VerificationMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard run}: plans and runs a resharding to completion, printing progress. */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Move data from the OLD topology to the NEW one while applications keep writing.", sortOptions = false,
        description = {"Phases: Planning, Copying, Replicating, Verifying, CuttingOver (asks for approval), CleaningUp.",
                "Ctrl+C stops at the next checkpoint; 'reshard resume' continues."})
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private TopologyPairOptions topologies;

    @Mixin
    private StateFileOption state;

    @Mixin
    private MetricsPortOption metrics;

    @Option(names = "--approve-cutover", description = "Approve the cutover without asking.")
    private boolean approve;

    /** Initialised from the engine's defaults rather than a literal, so the two cannot drift apart. */
    @Option(names = "--batch-size", paramLabel = "N", description = "Rows per copy batch (default: ${DEFAULT-VALUE}).")
    private int batchSize = ReshardingOptions.DEFAULTS.batchSize();

    @Option(names = "--lag-threshold", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "Replication counts as caught up below this lag (default: ${DEFAULT-VALUE}).")
    private Duration lagThreshold;

    @Option(names = "--verify", paramLabel = "MODE", defaultValue = "count-and-checksum",
            description = "count, checksum or count-and-checksum (default: ${DEFAULT-VALUE}).")
    private String verify;

    @Option(names = "--cutover-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "Longest wait at the gate, and longest write pause (default: ${DEFAULT-VALUE}).")
    private Duration cutoverTimeout;

    @Option(names = "--retention", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "24h",
            description = "How long moved rows stay on the sources after cutover (default: ${DEFAULT-VALUE}).")
    private Duration retention;

    @Option(names = "--retry-for", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10m",
            description = "How long a phase keeps retrying a transient fault (a shard restarting, a lock timeout) before the"
                    + " operation fails; 0s fails at once (default: ${DEFAULT-VALUE}).")
    private Duration retryFor;

    @Mixin
    private CaptureOption capture;

    @Option(names = "--json", description = "Print JSON lines instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        metrics.configure();
        ReshardingOptions options;
        try {
            options = new ReshardingOptions(batchSize, lagThreshold, VerificationMode.fromLabel(verify), cutoverTimeout, retention, retryFor,
                    capture.setting());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return OperationSession.run(state.file(), json, out, err, approve, session -> topologies.request()
                .flatMap(request -> session.orchestrator().plan(request))
                .flatMap((ReshardingPlan plan) -> {
                    if (!json) {
                        PlanTable.print(plan, out, false);
                        out.println();
                    }
                    return session.orchestrator().execute(plan, options, session.hooks());
                }));
    }
}
