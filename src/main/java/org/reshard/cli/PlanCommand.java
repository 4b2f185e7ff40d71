package org.reshard.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.reshard.common.Result;
import org.reshard.plan.PlanJson;
import org.reshard.plan.Planner;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard plan}: the steps and estimates of a resharding, changing nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what a resharding from OLD to NEW would move (a dry run: nothing is changed).")
final class PlanCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "OLD.json", description = "The current topology file.")
    private Path from;

    @Option(names = "--to", required = true, paramLabel = "NEW.json", description = "The target topology file.")
    private Path to;

    @Option(names = "--tables", split = ",", paramLabel = "a,b", description = "Only these tables (default: all).")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--json", description = "Print the plan as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TopologyLoader loader = new TopologyLoader();
        Result<ReshardingPlan> plan = loader.load(from).flatMap(old -> loader.load(to)
                .flatMap((Topology target) -> new Planner().plan(new ReshardingRequest(old, target, tables))));
        return switch (plan) {
            case Result.Ok<ReshardingPlan> ok -> {
                if (json) {
                    out.println(PlanJson.toText(ok.value()));
                    out.flush();
                } else {
                    PlanTable.print(ok.value(), out);
                }
                yield 0;
            }
            case Result.Failure<ReshardingPlan> failure -> ErrorPrinter.print(failure.error(), json, out, err);
        };
    }
}
