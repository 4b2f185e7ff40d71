package org.reshard.cli;

import java.io.PrintWriter;
import java.util.List;
import org.reshard.common.Bytes;
import org.reshard.common.Durations;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.topology.HashRange;

/** The readable form of a plan: one line per step, then totals. */
final class PlanTable {

    private PlanTable() {
    }

    static void print(ReshardingPlan plan, PrintWriter out) {
        print(plan, out, true);
    }

    /** The plan; {@code dryRun} adds the line saying nothing was changed. */
    static void print(ReshardingPlan plan, PrintWriter out, boolean dryRun) {
        out.printf("Plan %s: %s (%s) -> %s (%s)%n", plan.id(), plan.from().name(), shards(plan.from().shards().size()),
                plan.to().name(), shards(plan.to().shards().size()));
        out.println();
        String format = "%3s  %-14s %-10s %-10s %-48s %12s %11s  %s%n";
        out.printf(format, "#", "TABLE", "SOURCE", "TARGET", "HASH RANGES", "EST. ROWS", "EST. SIZE", "FROM");
        for (PlanStep step : plan.steps()) {
            out.printf(format, step.index(), step.table(), step.sourceShard(), step.targetShard(), ranges(step.ranges()),
                    Sizes.count(step.estimatedRows()), Bytes.format(step.estimatedBytes()), step.estimateMethod().label());
        }
        out.println();
        var estimate = plan.estimate();
        out.printf("Total: %s rows, %s; %s of the hash space changes owner.%n", Sizes.count(estimate.totalRows()),
                Bytes.format(estimate.totalBytes()), Sizes.percent(estimate.movedHashShare()));
        out.printf("Estimated duration: %s (at %s).%n", Durations.human(estimate.duration()), estimate.rate().describe());
        out.println("Row estimates: 'count' = exact count on the source shard; 'statistics' = planner statistics scaled by hash share.");
        if (dryRun) {
            out.println("This is a dry run: nothing was changed.");
        }
        out.flush();
    }

    private static String ranges(List<HashRange> ranges) {
        String first = ranges.getFirst().toString();
        return ranges.size() == 1 ? first : first + " +" + (ranges.size() - 1) + " more";
    }

    private static String shards(int count) {
        return count + (count == 1 ? " shard" : " shards");
    }
}
