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
import org.reshard.common.Result;
import org.reshard.query.QueryEngine;
import org.reshard.query.QueryRequest;
import org.reshard.query.QueryResult;
import org.reshard.query.ResultMode;
import org.reshard.shard.ShardPools;
import org.reshard.topology.HashRange;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * Federated joins (issue 21): 1,000,000 orders over 3 PostgreSQL shards, each holding the rows it owns, joined with
 * themselves off the shard key ({@code p.id = o.customer_id}, not co-located, so the federated path answers), against
 * the same statement on one database holding all 1,000,000. Selective: a WHERE on both sides that each shard applies
 * (10,000 rows a side); non-selective: every row of both sides, grouped. Each timing is the median of 3 runs after one
 * warm-up, with --memory raised to 4 GB; the peak heap is sampled during one run. Both answers are checked to be equal.
 * Last, the non-selective join runs once under the default --memory: whether it answers or fails with too_large.
 * Run: bench/run.sh builds, then {@code bench/java.sh org.reshard.bench.FederationBench}.
 */
public final class FederationBench {

    private static final int SHARDS = 3;
    private static final long ROWS = 1_000_000;
    private static final String SELECTIVE = "SELECT count(*), sum(p.total) FROM orders o JOIN orders p ON p.id = o.customer_id"
            + " WHERE o.id BETWEEN 1 AND 10000 AND p.id BETWEEN 1 AND 10000";
    private static final String NON_SELECTIVE = "SELECT o.status, count(*), sum(p.total) FROM orders o JOIN orders p ON p.id = o.customer_id"
            + " GROUP BY o.status ORDER BY o.status";

    private FederationBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("reshard-federation-bench");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            names.add("bench_fed_" + i);
        }
        StringBuilder json = new StringBuilder("{\"name\": \"fed-bench\", \"registry\": \"jdbc:sqlite:" + dir.resolve("registry.db") + "\", \"routing\": {\"strategy\": \"hash-range\", \"ranges\": \"equal\"}, \"shards\": [");
        for (int i = 0; i < SHARDS; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"id\": \"shard-").append(i).append("\", \"url\": \"").append(BenchDatabases.url(names.get(i))).append("\"}");
        }
        json.append("], \"tables\": [{\"name\": \"orders\", \"shardKey\": \"customer_id\", \"primaryKey\": [\"id\"]}]}");
        Path file = Files.writeString(dir.resolve("fed.json"), json.toString());
        Topology topology = new TopologyLoader().load(file).orElseThrow();
        try {
            BenchDatabases.recreate("bench_fed_single");
            BenchDatabases.createOrders("bench_fed_single", ROWS, null);
            for (int i = 0; i < SHARDS; i++) {
                List<HashRange> ranges = topology.partition().rangesByShard().get("shard-" + i);
                String owned = "hashtextextended(((g * 7919) % 400000 + 1)::text, 0) BETWEEN " + ranges.getFirst().from() + " AND " + ranges.getLast().to();
                BenchDatabases.recreate(names.get(i));
                BenchDatabases.createOrders(names.get(i), ROWS, owned);
            }
            try (ShardPools pools = new ShardPools(topology.shards()); QueryEngine engine = new QueryEngine(topology, pools)) {
                measure("selective join", SELECTIVE, engine);
                measure("non-selective join", NON_SELECTIVE, engine);
                underTheDefaultBudget("non-selective join", NON_SELECTIVE, engine);
            }
        } finally {
            BenchDatabases.drop("bench_fed_single");
            for (String name : names) {
                BenchDatabases.drop(name);
            }
        }
    }

    private static void measure(String name, String sql, QueryEngine engine) throws Exception {
        QueryRequest request = QueryRequest.of(sql).withTimeout(java.time.Duration.ofMinutes(10)).withMemoryBytes(4L << 30);
        List<Double> federated = new ArrayList<>();
        List<Double> single = new ArrayList<>();
        Object federatedAnswer = null;
        Object singleAnswer = null;
        for (int rep = 0; rep < 4; rep++) {
            long start = System.nanoTime();
            Result<QueryResult> result = engine.execute(request);
            double seconds = (System.nanoTime() - start) / 1e9;
            QueryResult answer = result.orElseThrow();
            if (answer.mode() != ResultMode.FEDERATED) {
                throw new IllegalStateException(name + " was not federated: " + answer.mode());
            }
            federatedAnswer = answer.rows().toString();
            start = System.nanoTime();
            singleAnswer = single(sql);
            double singleSeconds = (System.nanoTime() - start) / 1e9;
            if (rep > 0) {
                federated.add(seconds);
                single.add(singleSeconds);
            }
        }
        double peak;
        try (HeapSampler heap = new HeapSampler()) {
            engine.execute(request).orElseThrow();
            peak = heap.peakMegabytes();
        }
        double singlePeak;
        try (HeapSampler heap = new HeapSampler()) {
            single(sql);
            singlePeak = heap.peakMegabytes();
        }
        System.out.printf(Locale.ROOT, "%s: federated over %d shards %.3f s (median of 3), one database %.3f s, ratio %.1f; peak heap %.0f MB"
                        + " federated, %.0f MB reading the one database's answer; answers equal: %s%n", name, SHARDS, Stats.median(federated),
                Stats.median(single), Stats.median(federated) / Stats.median(single), peak, singlePeak,
                normalise(federatedAnswer).equals(normalise(singleAnswer)));
        System.out.println("  federated: " + federatedAnswer + "\n  one database: " + singleAnswer);
    }

    /** Once more as a user runs it, under the default --memory (the timings above raise it): answered, or too_large. */
    private static void underTheDefaultBudget(String name, String sql, QueryEngine engine) throws Exception {
        QueryRequest request = QueryRequest.of(sql).withTimeout(java.time.Duration.ofMinutes(10));
        long start = System.nanoTime();
        Result<QueryResult> result;
        double peak;
        try (HeapSampler heap = new HeapSampler()) {
            result = engine.execute(request);
            peak = heap.peakMegabytes();
        }
        String outcome = switch (result) {
            case Result.Ok<QueryResult> ok -> "answered (" + ok.value().mode() + ")";
            case Result.Failure<QueryResult> failed -> "failed: " + failed.error().code().code() + ": " + failed.error().message();
        };
        System.out.printf(Locale.ROOT, "%s under the default budget of %d MB (max heap %d MB): %.3f s, peak heap %.0f MB, %s%n", name,
                request.memoryBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20, (System.nanoTime() - start) / 1e9, peak, outcome);
    }

    private static String normalise(Object answer) {
        return String.valueOf(answer).replaceAll("\\s", "");
    }

    private static String single(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(BenchDatabases.url("bench_fed_single")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof Integer n ? (Object) n.longValue() : value);
                }
                rows.add(row);
            }
            return rows.toString();
        }
    }
}
