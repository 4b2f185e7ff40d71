package org.reshard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.reshard.common.Result;
import org.reshard.plan.CapturePreview;
import org.reshard.plan.PlanJson;
import org.reshard.plan.Planner;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.SqliteStateStore;
import org.reshard.workflow.ReshardingOrchestrator;
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

    @Mixin
    private StateFileOption state;

    @Mixin
    private CaptureOption capture;

    @Option(names = "--json", description = "Print the plan as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Result<ReshardingPlan> plan = topologies.request().flatMap(this::plan);
        return switch (plan) {
            case Result.Ok<ReshardingPlan> ok -> {
                // Asked after planning, on the sources it found: the same question pre-flight will ask before the run.
                CapturePreview preview = CapturePreview.of(ok.value(), capture.setting());
                if (json) {
                    out.println(PlanJson.toText(ok.value(), preview));
                    out.flush();
                } else {
                    PlanTable.print(ok.value(), preview, out);
                }
                yield 0;
            }
            case Result.Failure<ReshardingPlan> failure -> ErrorPrinter.print(failure.error(), json, out, err);
        };
    }

    /** Estimates at the rate the state file's last completed run measured, when there is one. */
    private Result<ReshardingPlan> plan(ReshardingRequest request) {
        // A missing or unreadable state file only means no run has measured a rate; the plan is a dry run either way.
        if (SqliteStateStore.openReadOnly(state.file()) instanceof Result.Ok<SqliteStateStore> ok) {
            try (SqliteStateStore store = ok.value()) {
                return new ReshardingOrchestrator(store).plan(request);
            }
        }
        return new Planner().plan(request);
    }
}
