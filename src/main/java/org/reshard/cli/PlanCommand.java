package org.reshard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.reshard.common.Result;
import org.reshard.plan.PlanJson;
import org.reshard.plan.Planner;
import org.reshard.plan.ReshardingPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard plan}: the steps and estimates of a resharding, changing nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what a resharding from OLD to NEW would move (a dry run: nothing is changed).")
final class PlanCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private TopologyPairOptions topologies;

    @Option(names = "--json", description = "Print the plan as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Result<ReshardingPlan> plan = topologies.request().flatMap(request -> new Planner().plan(request));
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
