package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reshard.cdc.CaptureSetting;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingPhase;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;

/**
 * Copy, PostgreSQL → PostgreSQL: 1,000,000 orders on one shard resharded to three, so two thirds move in
 * two steps. The whole Copying phase of a real operation (capture, table, batches with checkpoints, the
 * secondary index) against a {@code psql} binary COPY pipe moving the same slices into the same tables,
 * followed by the same CREATE INDEX so both end in the same state; the bare pipe is reported too, and the
 * phase with 100,000-row batches (25,000 is the default), which shows the cost of a commit per batch. The phase runs
 * with the default capture ({@code auto}: logical decoding on a server with {@code wal_level = logical}, which the report
 * names) and again with {@code --capture triggers}.
 */
public final class CopyBench {

    /** A larger batch than the default, to show what the per-batch commit and checkpoint cost. */
    private static final int BIG_BATCH = 100_000;
    private static final List<String> TARGETS = List.of("bench_t1", "bench_t2");

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 3);
        long rows = options.size(1_000_000);
        Path dir = Files.createTempDirectory("copy-bench");
        ReshardingPlan plan = BenchTopologies.oneToThreePostgres(dir, rows);
        long moved = plan.estimate().totalRows();
        List<Double> pipe = new ArrayList<>();
        List<Double> pipeAndIndex = new ArrayList<>();
        List<Double> phase = new ArrayList<>();
        List<Double> bigBatches = new ArrayList<>();
        List<Double> pipeCpu = new ArrayList<>();
        List<Double> phaseCpu = new ArrayList<>();
        List<Double> triggerPhase = new ArrayList<>();
        String method = null;
        for (int rep = 0; rep < options.reps(); rep++) {
            reset();
            for (String db : TARGETS) {
                BenchDatabases.execute(db, BenchDatabases.ORDERS_TABLE);
            }
            MachineCpu.Reading before = MachineCpu.now();
            double piped = PsqlPipe.move(plan, shard -> database(shard));
            pipeCpu.add(MachineCpu.now().since(before).busy());
            long indexing = System.nanoTime();
            for (String db : TARGETS) {
                BenchDatabases.execute(db, BenchDatabases.ORDERS_INDEX);
            }
            pipe.add(piped);
            pipeAndIndex.add(piped + (System.nanoTime() - indexing) / 1e9);
            reset();
            PhaseCpu copyingCpu = new PhaseCpu(ReshardingPhase.COPYING);
            BenchRun.Timings copied = BenchRun.until(dir, plan, ReshardingOptions.DEFAULTS, ReshardingPhase.COPYING, copyingCpu);
            phase.add(copied.of(ReshardingPhase.COPYING));
            phaseCpu.add(copyingCpu.busySeconds());
            // The default (auto) capture: logical decoding where the server allows it; which one ran goes into the report.
            String used = copied.outcome().state().capture("s0").map(c -> c.method()).orElse("?");
            if (method != null && !method.equals(used)) {
                throw new IllegalStateException("the default capture changed between repetitions: " + method + ", then " + used);
            }
            method = used;
            reset();
            triggerPhase.add(BenchRun.until(dir, plan, ReshardingOptions.DEFAULTS.withCapture(CaptureSetting.TRIGGERS), ReshardingPhase.COPYING,
                    ReshardingListener.NONE).of(ReshardingPhase.COPYING));
            reset();
            bigBatches.add(BenchRun.until(dir, plan, ReshardingOptions.DEFAULTS.withBatchSize(BIG_BATCH), ReshardingPhase.COPYING,
                    ReshardingListener.NONE).of(ReshardingPhase.COPYING));
            System.out.printf(Locale.ROOT, "rep %d: pipe %.2f s (%.2f CPU-s), pipe + index %.2f s, Copying phase (%s capture) %.2f s (%.2f CPU-s),"
                    + " with %,d-row batches %.2f s, with trigger capture %.2f s%n", rep + 1, pipe.getLast(), pipeCpu.getLast(),
                    pipeAndIndex.getLast(), method, phase.getLast(), phaseCpu.getLast(), BIG_BATCH, bigBatches.getLast(), triggerPhase.getLast());
        }
        double ours = Stats.median(phase);
        double baseline = Stats.median(pipeAndIndex);
        double bare = Stats.median(pipe);
        String note = String.format(Locale.ROOT, "%,d of %s, 2 steps, default capture (%s here)", moved, options.sizeNote(rows), method);
        new BenchResult("copy PG→PG: Copying phase vs psql pipe + index", BenchResult.rate(moved / ours, "rows"),
                BenchResult.rate(moved / baseline, "rows"), baseline / ours, "≥ 0.80×", baseline / ours >= 0.8, note).report();
        new BenchResult("copy PG→PG: Copying phase vs bare psql pipe", BenchResult.rate(moved / ours, "rows"),
                BenchResult.rate(moved / bare, "rows"), bare / ours, "≥ 0.90× (#22)", bare / ours >= 0.9, note).report();
        new BenchResult("copy PG→PG: machine CPU-seconds, Copying phase vs bare psql pipe", BenchResult.seconds(Stats.median(phaseCpu)),
                BenchResult.seconds(Stats.median(pipeCpu)), Stats.median(pipeCpu) / Stats.median(phaseCpu), "—", null,
                "every process on the host; the phase also builds the index").report();
        double triggered = Stats.median(triggerPhase);
        new BenchResult("copy PG→PG: Copying phase, --capture triggers, vs bare psql pipe", BenchResult.rate(moved / triggered, "rows"),
                BenchResult.rate(moved / bare, "rows"), bare / triggered, "≥ 0.80×", bare / triggered >= 0.8,
                note.replace("default capture", "triggers forced; default")).report();
        double big = Stats.median(bigBatches);
        new BenchResult("copy PG→PG: Copying phase, --batch-size 100000, vs bare psql pipe", BenchResult.rate(moved / big, "rows"),
                BenchResult.rate(moved / bare, "rows"), bare / big, "≥ 0.80×", bare / big >= 0.8, note).report();
        for (String db : List.of("bench_src", "bench_t1", "bench_t2")) {
            BenchDatabases.drop(db);
        }
    }

    private static String database(String shard) {
        return switch (shard) {
            case "s0" -> "bench_src";
            case "s1" -> "bench_t1";
            default -> "bench_t2";
        };
    }

    /** Empty targets, and the source without what an earlier operation left on it. */
    private static void reset() throws Exception {
        for (String db : TARGETS) {
            BenchDatabases.recreate(db);
        }
        // A stopped operation leaves its capture: triggers and changelog, or (logical) a replication slot and a publication.
        BenchServer.LOCAL.dropCapture("bench_src", "orders");
    }
}
