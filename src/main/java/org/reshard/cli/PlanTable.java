package org.reshard.cli;

import java.io.PrintWriter;
import java.util.List;
import org.reshard.common.Bytes;
import org.reshard.common.Durations;
import org.reshard.plan.CapturePreview;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.topology.HashRange;

/** The readable form of a plan: one line per step, then totals. */
final class PlanTable {

    private PlanTable() {
    }

    /** The plan of {@code reshard plan}: steps, totals, each source's change capture, and the dry-run line. */
    static void print(ReshardingPlan plan, CapturePreview capture, PrintWriter out) {
        print(plan, out, false);
        out.println();
        capture(capture, out);
        out.println("This is a dry run: nothing was changed.");
        out.flush();
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

    /** One line per source: the capture it will use and why, or the problem that stops pre-flight. */
    private static void capture(CapturePreview capture, PrintWriter out) {
        out.printf("Change capture (--capture %s):%n", capture.setting().label());
        capture.sources().forEach((source, decision) -> out.printf("  %-10s %-9s %s%n", source,
                decision.refused() ? "PROBLEM" : decision.method().label(), decision.reason()));
        List<String> problems = capture.problems();
        if (!problems.isEmpty()) {
            out.println("Pre-flight will refuse to start: " + problems.size() + (problems.size() == 1 ? " source cannot" : " sources cannot")
                    + " use the capture asked for. Fix the source or use --capture auto (triggers where logical decoding is not possible).");
        }
    }

    private static String ranges(List<HashRange> ranges) {
        String first = ranges.getFirst().toString();
        return ranges.size() == 1 ? first : first + " +" + (ranges.size() - 1) + " more";
    }

    private static String shards(int count) {
        return count + (count == 1 ? " shard" : " shards");
    }
}
