package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reshard.cdc.AppliedChanges;
import org.reshard.cdc.CapturedTable;
import org.reshard.cdc.ChangeApplier;
import org.reshard.cdc.ChangeRoute;
import org.reshard.cdc.SourceCapture;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.shard.ShardPools;
import org.reshard.shard.TableSchema;
import org.reshard.topology.HashRange;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;

/**
 * Change capture on PostgreSQL, with the capture trigger and applier a resharding from one shard to three
 * installs (two thirds of the keys moving): the writes/s one unpaced writer makes with and without the
 * trigger; the apply rate draining what it captured; and the lag while a writer makes 500 writes/s and
 * the applier runs rounds as the Replicating phase does.
 */
public final class CaptureBench {

    private static final double STEADY_RATE = 500;

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 3);
        long rows = options.size(1_000_000);
        double seconds = options.quick() ? 3 : 10;
        Path dir = Files.createTempDirectory("capture-bench");
        BenchDatabases.recreate("bench_src");
        BenchDatabases.createOrders("bench_src", rows, null);
        Topology from = BenchTopologies.write(dir, "old", BenchTopologies.postgres("bench_src"));
        Topology to = BenchTopologies.write(dir, "new", BenchTopologies.postgres("bench_src", "bench_t1", "bench_t2"));
        ReshardingPlan plan = BenchRun.plan(from, to);
        for (String db : List.of("bench_t1", "bench_t2")) {
            BenchDatabases.recreate(db);
            BenchDatabases.execute(db, BenchDatabases.ORDERS_TABLE);
        }
        List<ShardSpec> shards = new ArrayList<>(to.shards());
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Double> applyRates = new ArrayList<>();
        long nextId = rows + 1;
        try (ShardPools pools = new ShardPools(shards)) {
            SourceCapture capture = capture(pools, plan, to);
            ChangeApplier applier = new ChangeApplier(pools, capture,
                    plan.steps().stream().map(s -> new ChangeRoute(s.table(), s.targetShard(), s.ranges())).toList());
            for (int rep = 0; rep < options.reps(); rep++) {
                without.add(unpaced("bench_src", rows, nextId, seconds));
                nextId += 1_000_000;
                capture.install();
                with.add(unpaced("bench_src", rows, nextId, seconds));
                nextId += 1_000_000;
                long pending = capture.backlog().pending();
                long started = System.nanoTime();
                AppliedChanges applied = applier.drain(10_000, Long.MAX_VALUE);
                double applySeconds = (System.nanoTime() - started) / 1e9;
                applyRates.add(applied.changes() / applySeconds);
                capture.remove();
                System.out.printf(Locale.ROOT, "rep %d: %.0f writes/s without capture, %.0f with; %,d changes applied in %.2f s (%,.0f/s), %d were pending%n",
                        rep + 1, without.getLast(), with.getLast(), applied.changes(), applySeconds, applyRates.getLast(), pending);
            }
            capture.install();
            List<Double> lags = steady(capture, applier, rows, nextId, options.quick() ? 10 : 30);
            capture.remove();
            double off = Stats.median(without);
            double on = Stats.median(with);
            double apply = Stats.median(applyRates);
            String note = String.format(Locale.ROOT, "one writer, %.0f s each, %s", seconds, options.sizeNote(rows));
            new BenchResult("capture trigger: writes/s with vs without it", BenchResult.rate(on, "writes"), BenchResult.rate(off, "writes"),
                    on / off, "report", null, note).report();
            new BenchResult("capture apply rate vs the unpaced writer's rate", BenchResult.rate(apply, "changes"),
                    BenchResult.rate(on, "writes"), apply / on, "report (≥ 1× keeps up)", null, note).report();
            new BenchResult("capture steady lag at 500 writes/s (median / max)",
                    String.format(Locale.ROOT, "%.0f / %.0f ms", Stats.median(lags), Stats.max(lags)), "—", Double.NaN, "report", null,
                    String.format(Locale.ROOT, "%d lag samples, apply rounds as in Replicating", lags.size())).report();
        }
        for (String db : List.of("bench_src", "bench_t1", "bench_t2")) {
            BenchDatabases.drop(db);
        }
    }

    private static SourceCapture capture(ShardPools pools, ReshardingPlan plan, Topology to) throws Exception {
        List<HashRange> moving = plan.steps().stream().flatMap((PlanStep s) -> s.ranges().stream()).sorted().toList();
        TableSchema schema;
        try (Connection c = pools.connect("s0").orElseThrow()) {
            schema = pools.dialect("s0").describe(c, "orders").orElseThrow();
        }
        return new SourceCapture(pools, "s0", List.of(new CapturedTable(to.table("orders").orElseThrow(), schema, moving)));
    }

    /** Writes per second of one unpaced writer over {@code seconds}. */
    private static double unpaced(String database, long rows, long firstNewId, double seconds) throws Exception {
        PacedWriter writer = new PacedWriter(database, rows, firstNewId, 0);
        Thread.sleep((long) (seconds * 1000));
        writer.close();
        return writer.writes() / seconds;
    }

    /** Lag samples, one per apply round, while a writer makes 500 writes/s; the first 2 s (warm-up) are left out. */
    private static List<Double> steady(SourceCapture capture, ChangeApplier applier, long rows, long firstNewId, int seconds)
            throws Exception {
        List<Double> lags = new ArrayList<>();
        long started = System.nanoTime();
        long end = started + seconds * 1_000_000_000L;
        try (PacedWriter writer = new PacedWriter("bench_src", rows, firstNewId, STEADY_RATE)) {
            while (System.nanoTime() < end) {
                AppliedChanges applied = applier.applyNext(10_000);
                long lag = capture.backlog().lagMs();
                if (System.nanoTime() - started > 2_000_000_000L) {
                    lags.add((double) lag);
                }
                if (applied.changes() == 0) {
                    Thread.sleep(50);
                }
            }
            System.out.printf(Locale.ROOT, "steady: %,d writes in %d s (%.0f/s)%n", writer.writes(), seconds, writer.writes() / (double) seconds);
        }
        return lags;
    }
}
