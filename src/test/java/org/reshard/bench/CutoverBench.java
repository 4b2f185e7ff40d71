package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingPhase;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyRegistry;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;

/**
 * Cutover, PostgreSQL: the write pause a registry-routed writer sees (first write a fence rejected to
 * first write the new owner accepted) while it inserts 500 orders/s for moving customers, over 20 full
 * resharding runs from one shard to three, each on fresh databases.
 */
public final class CutoverBench {

    private static final double WRITES_PER_SECOND = 500;

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 20);
        long rows = options.size(100_000);
        Path dir = Files.createTempDirectory("cutover-bench");
        Topology from = BenchTopologies.write(dir, "old", BenchTopologies.postgres("bench_src"));
        Topology to = BenchTopologies.write(dir, "new", BenchTopologies.postgres("bench_src", "bench_t1", "bench_t2"));
        List<Long> moving = LongStream.rangeClosed(1, 400_000).filter(c -> !to.ownerOf(Long.toString(c)).equals("s0")).boxed().toList();
        List<Double> pauses = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        for (int run = 0; run < options.reps(); run++) {
            for (String db : List.of("bench_src", "bench_t1", "bench_t2")) {
                BenchDatabases.recreate(db);
            }
            BenchDatabases.createOrders("bench_src", rows, null);
            ReshardingPlan plan = BenchRun.plan(from, to);
            Files.deleteIfExists(dir.resolve("registry.db"));
            new TopologyRegistry(from.registryUrl()).publish(from, Instant.now());
            CutoverWriter writer = new CutoverWriter(from.registryUrl(), moving, 10_000_000, WRITES_PER_SECOND);
            BenchRun.Timings timings = BenchRun.until(dir, plan, ReshardingOptions.DEFAULTS.withRetention(Duration.ofHours(1)),
                    ReshardingPhase.CUTTING_OVER, ReshardingListener.NONE, false);
            Thread.sleep(300);
            writer.close();
            timings.of(ReshardingPhase.CUTTING_OVER);
            if (Double.isNaN(writer.pauseMs())) {
                throw new IllegalStateException("run " + (run + 1) + ": the writer never met a fence");
            }
            pauses.add(writer.pauseMs());
            gaps.add(writer.longestGapMs());
            System.out.printf(Locale.ROOT, "run %d: write pause %.0f ms, longest gap between committed writes %.0f ms%n", run + 1,
                    pauses.getLast(), gaps.getLast());
        }
        double median = Stats.median(pauses);
        double max = Stats.max(pauses);
        String note = String.format(Locale.ROOT, "%d runs, %,d rows, writer 500 writes/s; longest gap between commits: median %.0f, max %.0f ms",
                pauses.size(), rows, Stats.median(gaps), Stats.max(gaps));
        new BenchResult("cutover write pause, median", BenchResult.millis(median), "—", Double.NaN, "< 200 ms", median < 200, note).report();
        new BenchResult("cutover write pause, max", BenchResult.millis(max), "—", Double.NaN, "< 1000 ms", max < 1000, note).report();
        for (String db : List.of("bench_src", "bench_t1", "bench_t2")) {
            BenchDatabases.drop(db);
        }
    }
}
