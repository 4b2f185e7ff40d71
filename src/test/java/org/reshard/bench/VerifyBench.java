package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.shard.PostgresDialect;
import org.reshard.state.ReshardingPhase;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;

/**
 * Verification, PostgreSQL: after a real copy of 1,000,000 orders from one shard to three, the whole
 * Verifying phase (count-and-checksum of every step on source and target, with its catch-up round)
 * against the bare SQL aggregate — count and sum of the row hashes over the step's slice — run on each
 * side from plain JDBC: one side after the other, and both sides at once.
 */
public final class VerifyBench {

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 3);
        long rows = options.size(1_000_000);
        Path dir = Files.createTempDirectory("verify-bench");
        ReshardingPlan plan = BenchTopologies.oneToThreePostgres(dir, rows);
        List<Double> phase = new ArrayList<>();
        List<Double> sequential = new ArrayList<>();
        List<Double> concurrent = new ArrayList<>();
        for (int rep = 0; rep < options.reps(); rep++) {
            BenchDatabases.recreate("bench_t1");
            BenchDatabases.recreate("bench_t2");
            BenchDatabases.execute("bench_src", "DROP TRIGGER IF EXISTS reshard_capture ON orders",
                    "DROP TRIGGER IF EXISTS reshard_no_truncate ON orders", "DROP TABLE IF EXISTS reshard_changelog");
            phase.add(BenchRun.until(dir, plan, ReshardingOptions.DEFAULTS, ReshardingPhase.VERIFYING, ReshardingListener.NONE)
                    .of(ReshardingPhase.VERIFYING));
            sequential.add(bare(plan, false));
            concurrent.add(bare(plan, true));
            System.out.printf(Locale.ROOT, "rep %d: Verifying phase %.2f s, bare SQL one side after the other %.2f s, both at once %.2f s%n",
                    rep + 1, phase.getLast(), sequential.getLast(), concurrent.getLast());
        }
        long verified = 2 * plan.estimate().totalRows();
        double ours = Stats.median(phase);
        String note = String.format(Locale.ROOT, "%,d rows moved (counted on both sides) of %s", verified / 2, options.sizeNote(rows));
        double seq = Stats.median(sequential);
        double both = Stats.median(concurrent);
        new BenchResult("verify PG count+checksum: Verifying phase vs bare SQL, sides in turn", BenchResult.rate(verified / ours, "rows"),
                BenchResult.rate(verified / seq, "rows"), seq / ours, "≥ 0.80×", seq / ours >= 0.8, note).report();
        new BenchResult("verify PG count+checksum: Verifying phase vs bare SQL, sides at once", BenchResult.rate(verified / ours, "rows"),
                BenchResult.rate(verified / both, "rows"), both / ours, "≥ 0.80×", both / ours >= 0.8, note).report();
        for (String db : List.of("bench_src", "bench_t1", "bench_t2")) {
            BenchDatabases.drop(db);
        }
    }

    /** Seconds for count(*) and the sum of row hashes of every step's slice, on the source and on the target. */
    private static double bare(ReshardingPlan plan, boolean sidesAtOnce) throws Exception {
        long started = System.nanoTime();
        for (PlanStep step : plan.steps()) {
            String sql = "SELECT count(*), sum(hashtextextended(o::text, 0)::numeric) FROM orders o WHERE "
                    + PostgresDialect.INSTANCE.inRanges("customer_id", step.ranges());
            String target = step.targetShard().equals("s1") ? "bench_t1" : "bench_t2";
            if (sidesAtOnce) {
                CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> aggregate(target, sql));
                String source = aggregate("bench_src", sql);
                check(source, other.join());
            } else {
                check(aggregate("bench_src", sql), aggregate(target, sql));
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static void check(String source, String target) {
        if (!source.equals(target)) {
            throw new IllegalStateException("source and target differ: " + source + " / " + target);
        }
    }

    private static String aggregate(String database, String sql) {
        try (Connection c = DriverManager.getConnection(BenchDatabases.url(database)); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1) + "/" + r.getString(2);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
