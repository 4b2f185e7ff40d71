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
import org.reshard.query.QueryEngine;
import org.reshard.query.QueryRequest;
import org.reshard.query.QueryResult;
import org.reshard.shard.ShardPools;
import org.reshard.topology.Topology;

/**
 * Scatter-gather over 4 PostgreSQL shards × 1,000,000 orders: ORDER BY … LIMIT 100 and GROUP BY through the
 * query engine against the slowest shard's query run alone (plain JDBC), and against the four run at once
 * from plain JDBC (the same CPU contention the engine meets); then the engine's peak heap as the rows the
 * shards scan grow from an eighth to all of them.
 *
 * <p>By default the shards are four databases of the machine's one server, so they share its CPUs. With
 * {@code -Dbench.shardHosts=PORT,PORT,PORT,PORT} (the servers {@code bench/shard-hosts.sh} starts, each held
 * to its own CPU quota) every shard has CPU of its own, as on separate hosts; {@code -Dbench.shardHostsNote}
 * says how much, for the table.
 */
public final class ScatterGatherBench {

    /** A shard of the benchmark: a database on a server. */
    private record Shard(BenchServer server, String database) {

        String url() {
            return server.url(database);
        }
    }

    private static final String HOSTS = System.getProperty("bench.shardHosts", "");
    private static final List<Shard> SHARDS = HOSTS.isBlank()
            ? List.of(new Shard(BenchServer.LOCAL, "bench_q0"), new Shard(BenchServer.LOCAL, "bench_q1"),
                    new Shard(BenchServer.LOCAL, "bench_q2"), new Shard(BenchServer.LOCAL, "bench_q3"))
            : java.util.Arrays.stream(HOSTS.split(",")).map(port -> new Shard(new BenchServer(Integer.parseInt(port.trim())), "bench_q"))
                    .toList();
    /** Where the shards run, in the table's words. */
    private static final String SETUP = HOSTS.isBlank() ? "one shared server"
            : System.getProperty("bench.shardHostsNote", SHARDS.size() + " servers of their own");
    private static final String ORDER_BY = "SELECT id, customer_id, total, status FROM orders%s ORDER BY total DESC, id LIMIT 100";
    private static final String GROUP_BY = "SELECT status, country, count(*), sum(total), avg(total), max(placed_at) FROM orders%s"
            + " GROUP BY status, country";

    /** Heap sampling sees allocation in TLAB-sized steps; growth below this is noise, not rows held. */
    private static final int FLAT_MB = 8;
    /** One thread per shard, as the engine runs them (the common pool has only one thread on two cores). */
    private static final java.util.concurrent.ExecutorService EACH_SHARD = java.util.concurrent.Executors.newFixedThreadPool(SHARDS.size(), r -> {
        Thread thread = new Thread(r, "jdbc-shard");
        thread.setDaemon(true);
        return thread;
    });
    private static final java.util.Map<String, Connection> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 5);
        long rows = options.size(1_000_000);
        Path dir = Files.createTempDirectory("scatter-bench");
        for (int i = 0; i < SHARDS.size(); i++) {
            Shard shard = SHARDS.get(i);
            shard.server().recreate(shard.database());
            shard.server().createOrders(shard.database(), i * rows + 1, (i + 1) * rows, null);
        }
        Topology topology = BenchTopologies.write(dir, "query", SHARDS.stream().map(Shard::url).toList());
        try (ShardPools pools = new ShardPools(topology.shards()); QueryEngine engine = new QueryEngine(topology, pools)) {
            for (String[] query : List.of(new String[] {"ORDER BY … LIMIT 100", ORDER_BY}, new String[] {"GROUP BY", GROUP_BY})) {
                String sql = query[1].formatted("");
                List<Double> ours = new ArrayList<>();
                List<Double> slowest = new ArrayList<>();
                List<Double> together = new ArrayList<>();
                execute(engine, sql);
                for (int rep = 0; rep < options.reps(); rep++) {
                    long started = System.nanoTime();
                    execute(engine, sql);
                    ours.add((System.nanoTime() - started) / 1e9);
                    double worst = 0;
                    for (Shard shard : SHARDS) {
                        worst = Math.max(worst, alone(shard, sql));
                    }
                    slowest.add(worst);
                    started = System.nanoTime();
                    CompletableFuture.allOf(SHARDS.stream().map(s -> CompletableFuture.runAsync(() -> alone(s, sql), EACH_SHARD))
                            .toArray(CompletableFuture[]::new)).join();
                    together.add((System.nanoTime() - started) / 1e9);
                    System.out.printf(Locale.ROOT, "%s rep %d: engine %.3f s, slowest shard alone %.3f s, 4 shards at once (JDBC) %.3f s%n",
                            query[0], rep + 1, ours.getLast(), slowest.getLast(), together.getLast());
                }
                double engineTime = Stats.median(ours);
                double alone = Stats.median(slowest);
                double atOnce = Stats.median(together);
                String note = String.format(Locale.ROOT, "4 shards × %s; %s", options.sizeNote(rows), SETUP);
                String name = "scatter-gather " + query[0] + (HOSTS.isBlank() ? ", shared server" : ", own servers");
                new BenchResult(name + ": engine vs slowest shard alone", BenchResult.seconds(engineTime),
                        BenchResult.seconds(alone), engineTime / alone, "≤ 1.20× (time)", engineTime / alone <= 1.2, note).report();
                new BenchResult(name + ": engine vs 4 shards at once (JDBC)", BenchResult.seconds(engineTime),
                        BenchResult.seconds(atOnce), engineTime / atOnce, "report (time)", null, note).report();
                heap(engine, name, query[1], rows);
            }
        }
        for (Shard shard : SHARDS) {
            shard.server().drop(shard.database());
        }
    }

    /** The engine's peak heap with each shard scanning 1/8, 1/4, 1/2 and all of its rows. */
    private static void heap(QueryEngine engine, String name, String query, long rows) throws Exception {
        List<String> peaks = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int part = 8; part >= 1; part /= 2) {
            String sql = query.formatted(" WHERE id % " + rows + " < " + rows / part + " OR id % " + rows + " = 0");
            execute(engine, sql);
            try (HeapSampler sampler = new HeapSampler()) {
                execute(engine, sql);
                sampler.close();
                values.add(sampler.peakMegabytes());
                peaks.add(String.format(Locale.ROOT, "%,d rows: %.1f MB", 4 * rows / part, sampler.peakMegabytes()));
            }
        }
        double growth = values.getLast() - values.getFirst();
        new BenchResult(name + ": peak heap, all rows vs 1/8", String.format(Locale.ROOT, "%.1f MB", values.getLast()),
                String.format(Locale.ROOT, "%.1f MB", values.getFirst()), Double.NaN, "flat (≤ +" + FLAT_MB + " MB)", growth <= FLAT_MB,
                String.join("; ", peaks)).report();
    }

    private static QueryResult execute(QueryEngine engine, String sql) throws InterruptedException {
        QueryResult result = engine.execute(QueryRequest.of(sql).withTimeout(java.time.Duration.ofMinutes(5))).orElseThrow();
        if (!result.failedShards().isEmpty()) {
            throw new IllegalStateException("shards failed: " + result.failedShards());
        }
        return result;
    }

    /** Seconds for the query on one shard, read to the end through plain JDBC on a connection opened beforehand (as the engine's pool has). */
    private static double alone(Shard shard, String sql) {
        try {
            Connection c = OPEN.computeIfAbsent(shard.url(), url -> {
                try {
                    return DriverManager.getConnection(url);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = System.nanoTime();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    r.getObject(1);
                }
            }
            return (System.nanoTime() - started) / 1e9;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
