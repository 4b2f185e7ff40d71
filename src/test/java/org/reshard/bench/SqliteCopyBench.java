package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.shard.SqliteDialect;
import org.reshard.state.ReshardingPhase;
import org.reshard.topology.Topology;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;

/**
 * Copy, SQLite → SQLite: 1,000,000 orders in one file resharded to three. The Copying phase against
 * {@code ATTACH} + {@code INSERT … SELECT} of the same hash slices (filtered by the same reshard_hash
 * function) into the same table, then the same CREATE INDEX, in one connection.
 */
public final class SqliteCopyBench {

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 3);
        long rows = options.size(1_000_000);
        Path dir = Files.createTempDirectory("sqlite-copy-bench");
        Path source = dir.resolve("s0.db");
        List<Path> targets = List.of(dir.resolve("s1.db"), dir.resolve("s2.db"));
        SqliteOrders.create(source, rows);
        for (Path target : targets) {
            SqliteOrders.createEmpty(target);
        }
        Topology from = BenchTopologies.write(dir, "old", List.of(SqliteOrders.url(source)));
        Topology to = BenchTopologies.write(dir, "new", List.of(SqliteOrders.url(source), SqliteOrders.url(targets.get(0)),
                SqliteOrders.url(targets.get(1))));
        ReshardingPlan plan = BenchRun.plan(from, to);
        long moved = plan.estimate().totalRows();
        List<Double> baseline = new ArrayList<>();
        List<Double> phase = new ArrayList<>();
        for (int rep = 0; rep < options.reps(); rep++) {
            reset(source, targets);
            baseline.add(attachAndInsert(source, dir, plan));
            reset(source, targets);
            phase.add(BenchRun.until(dir, plan, ReshardingOptions.DEFAULTS, ReshardingPhase.COPYING, ReshardingListener.NONE)
                    .of(ReshardingPhase.COPYING));
            System.out.printf(Locale.ROOT, "rep %d: ATTACH + INSERT … SELECT + index %.2f s, Copying phase %.2f s%n", rep + 1,
                    baseline.getLast(), phase.getLast());
        }
        double ours = Stats.median(phase);
        double base = Stats.median(baseline);
        new BenchResult("copy SQLite→SQLite: Copying phase vs ATTACH + INSERT…SELECT", BenchResult.rate(moved / ours, "rows"),
                BenchResult.rate(moved / base, "rows"), base / ours, "≥ 0.80×", base / ours >= 0.8,
                String.format(Locale.ROOT, "%,d of %s, 2 steps", moved, options.sizeNote(rows))).report();
    }

    /** Seconds to move every step's slice with SQL alone, into tables made the same way, then index them. */
    private static double attachAndInsert(Path source, Path dir, ReshardingPlan plan) throws Exception {
        long started = System.nanoTime();
        try (Connection c = SqliteOrders.connect(source); Statement s = c.createStatement()) {
            for (PlanStep step : plan.steps()) {
                Path target = dir.resolve(step.targetShard() + ".db");
                s.execute("ATTACH DATABASE '" + target + "' AS target");
                s.execute(SqliteOrders.TABLE.replace("CREATE TABLE orders", "CREATE TABLE IF NOT EXISTS target.orders"));
                s.execute("INSERT INTO target.orders SELECT * FROM main.orders WHERE "
                        + SqliteDialect.INSTANCE.inRanges("customer_id", step.ranges()));
                s.execute(SqliteOrders.INDEX.replace("INDEX orders_customer ON orders", "INDEX IF NOT EXISTS target.orders_customer ON orders"));
                s.execute("DETACH DATABASE target");
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Empty targets, and the source without the capture objects an earlier operation left on it. */
    private static void reset(Path source, List<Path> targets) throws Exception {
        for (Path target : targets) {
            SqliteOrders.createEmpty(target);
        }
        try (Connection c = SqliteOrders.connect(source); Statement s = c.createStatement()) {
            try (var r = s.executeQuery("SELECT 'DROP ' || type || ' ' || name FROM sqlite_master"
                    + " WHERE type IN ('trigger', 'table') AND name LIKE 'reshard%' ORDER BY type = 'table'")) {
                List<String> drops = new ArrayList<>();
                while (r.next()) {
                    drops.add(r.getString(1));
                }
                for (String drop : drops) {
                    s.execute(drop);
                }
            }
        }
    }
}
