package org.reshard.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingPhase;
import org.reshard.topology.Topology;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;

/**
 * Memory: a whole resharding of 5,000,000 orders from one PostgreSQL shard to three, every phase through
 * cleanup, in a JVM started with -Xmx256m (bench/run.sh starts it so); prints the peak heap the JVM saw.
 */
public final class MemoryBench {

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 1);
        long rows = options.size(5_000_000);
        long maxHeap = Runtime.getRuntime().maxMemory() / 1048576;
        Path dir = Files.createTempDirectory("memory-bench");
        for (String db : List.of("bench_src", "bench_t1", "bench_t2")) {
            BenchDatabases.recreate(db);
        }
        BenchDatabases.createOrders("bench_src", rows, null);
        Topology from = BenchTopologies.write(dir, "old", BenchTopologies.postgres("bench_src"));
        Topology to = BenchTopologies.write(dir, "new", BenchTopologies.postgres("bench_src", "bench_t1", "bench_t2"));
        ReshardingPlan plan = BenchRun.plan(from, to);
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long started = System.nanoTime();
        BenchRun.Timings timings = BenchRun.until(dir, plan, ReshardingOptions.DEFAULTS.withRetention(Duration.ZERO), null,
                ReshardingListener.NONE);
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576;
        boolean completed = timings.outcome().state().phase() == ReshardingPhase.COMPLETED;
        System.out.printf(Locale.ROOT, "phases: %s%n", timings.seconds());
        new BenchResult("memory: whole resharding under -Xmx" + maxHeap + "m", (completed ? "completed" : "FAILED") + ", peak heap " + peak + " MB",
                "heap limit " + maxHeap + " MB", Double.NaN, "completes in -Xmx256m", completed && maxHeap <= 256,
                String.format(Locale.ROOT, "%,d rows, %,d moved, %.0f s end to end (copy %.1f s)", rows, plan.estimate().totalRows(), seconds,
                        timings.of(ReshardingPhase.COPYING))).report();
        for (String db : List.of("bench_src", "bench_t1", "bench_t2")) {
            BenchDatabases.drop(db);
        }
    }
}
