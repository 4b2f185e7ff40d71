package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reshard.query.QueryEngine;
import org.reshard.query.QueryRequest;
import org.reshard.query.QueryResult;
import org.reshard.query.QueryWarning;
import org.reshard.shard.PostgresDialect;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.SqliteDialect;
import org.reshard.topology.HashRange;
import org.reshard.topology.Topology;

/**
 * The cost of the query engine's ownership filter: 1,000,000 orders over 3 shards, each shard holding exactly
 * the rows it owns, on PostgreSQL (3 databases of the local server) and on SQLite (3 files). Every query runs
 * through the same engine over the same shards and the same connection pools twice: with the topology that
 * declares {@code orders} (so each shard reads it through the filter: {@code hashtextextended(customer_id::text, 0)}
 * in an int8multirange on PostgreSQL, {@code reshard_owned(reshard_hash(customer_id), …)} on SQLite), and with a
 * twin topology that does not declare it, which the engine reads unfiltered (with a warning) and merges exactly
 * the same way. Both answers are checked to be equal. Repetitions alternate between the two, the one first
 * changing each time; the figure is the median.
 *
 * <p>Also: {@code customer_id = 123} pruned to its one owner (filter dropped) against the same query on the
 * undeclared twin (all 3 shards), and count(*) on a hash-ring topology with 150 virtual nodes (about 100 ranges
 * per shard once neighbours merge) over its own 3 shards filled by the ring's ownership, three ways: through the
 * ring's filter, through a one-range-per-shard filter over the same rows (the same work per row but for the
 * number of ranges; it counts a different third of them) and undeclared.
 *
 * <p>The shards are the {@code bench_own_*} databases of the local server and SQLite files in a temporary
 * directory, all dropped at the end.
 */
public final class OwnershipFilterBench {

    /** The customer of order number {@code n}, as {@link BenchServer#createOrders} and {@link SqliteOrders#create} compute it. */
    private static final String CUSTOMER_OF = "((%s * 7919) %% 400000 + 1)";
    private static final String RING = "{\"strategy\": \"hash-ring\", \"virtualNodes\": 150}";
    /** The twin topologies declare another table, so orders is undeclared there. */
    private static final String OTHER_TABLE = "{\"name\": \"customers\", \"shardKey\": \"id\", \"primaryKey\": [\"id\"]}";
    private static final int SHARDS = 3;
    /** Executions per timing of the selective query, which takes about a millisecond. */
    private static final int SELECTIVE_RUNS = 50;

    /** A query of the benchmark; {@code check} picks what both answers must agree on. */
    private record Query(String name, String sql, java.util.function.Function<QueryResult, Object> check) {
    }

    private static final List<Query> QUERIES = List.of(
            new Query("count(*)", "SELECT count(*) FROM orders", QueryResult::rows),
            // SQLite sums its REAL totals in scan order, so the last digits of a sum may differ: compared to the cent.
            new Query("GROUP BY status", "SELECT status, count(*), sum(total) FROM orders GROUP BY status",
                    r -> r.rows().stream().map(row -> row.stream().map(OwnershipFilterBench::cents).toList().toString()).sorted().toList()),
            // total has ties (about 100 orders per value), so which ids come with the top 100 totals may differ.
            new Query("ORDER BY total DESC LIMIT 100", "SELECT id, total FROM orders ORDER BY total DESC LIMIT 100",
                    r -> r.rows().stream().map(row -> cents(row.get(1))).toList()));
    private static final String SELECTIVE = "SELECT count(*) FROM orders WHERE customer_id = 123";

    /** Where a backend keeps shards: it creates shard {@code i} holding the orders matching {@code condition}. */
    private interface Backend {
        String name();

        SqlDialect dialect();

        /** The name of the order's number in the SQL that fills a shard. */
        String number();

        String url(String layout, int shard);

        void fill(String layout, int shard, long rows, String condition) throws Exception;

        void drop(String layout, int shard) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 5);
        long rows = options.size(1_000_000);
        Path dir = Files.createTempDirectory("ownership-bench");
        List<Backend> backends = List.of(new Backend() {
            @Override
            public String name() {
                return "PostgreSQL";
            }

            @Override
            public SqlDialect dialect() {
                return PostgresDialect.INSTANCE;
            }

            @Override
            public String number() {
                return "g";
            }

            @Override
            public String url(String layout, int shard) {
                return BenchDatabases.url(database(layout, shard));
            }

            @Override
            public void fill(String layout, int shard, long count, String condition) throws Exception {
                BenchDatabases.recreate(database(layout, shard));
                BenchDatabases.createOrders(database(layout, shard), 1, count, condition);
            }

            @Override
            public void drop(String layout, int shard) throws Exception {
                BenchDatabases.drop(database(layout, shard));
            }

            private String database(String layout, int shard) {
                return "bench_own_" + layout + shard;
            }
        }, new Backend() {
            @Override
            public String name() {
                return "SQLite";
            }

            @Override
            public SqlDialect dialect() {
                return SqliteDialect.INSTANCE;
            }

            @Override
            public String number() {
                return "x";
            }

            @Override
            public String url(String layout, int shard) {
                return SqliteOrders.url(file(layout, shard));
            }

            @Override
            public void fill(String layout, int shard, long count, String condition) throws Exception {
                SqliteOrders.create(file(layout, shard), count, condition);
            }

            @Override
            public void drop(String layout, int shard) throws Exception {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(Path.of(file(layout, shard) + suffix));
                }
            }

            private Path file(String layout, int shard) {
                return dir.resolve(layout + shard + ".db");
            }
        });
        try {
            for (Backend backend : backends) {
                run(backend, dir, rows, options);
            }
        } finally {
            for (Backend backend : backends) {
                for (String layout : List.of("range", "ring")) {
                    for (int i = 0; i < SHARDS; i++) {
                        backend.drop(layout, i);
                    }
                }
            }
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(Backend backend, Path dir, long rows, BenchArgs options) throws Exception {
        String prefix = backend.name().toLowerCase(Locale.ROOT);
        Layout range = Layout.create(backend, dir, prefix + "-range", "range", BenchTopologies.EQUAL_RANGES, rows);
        Layout ring = Layout.create(backend, dir, prefix + "-ring", "ring", RING, rows);
        String note = String.format(Locale.ROOT, "%s, 3 shards, %s", backend.name(), options.sizeNote(rows));
        String engine = "ownership filter " + backend.name() + ": ";
        try (ShardPools rangePools = new ShardPools(range.owned().shards());
             QueryEngine filtered = new QueryEngine(range.owned(), rangePools);
             QueryEngine plain = new QueryEngine(range.undeclared(), rangePools)) {
            for (Query query : QUERIES) {
                Run withFilter = () -> checked(filtered, query.sql(), false);
                Run without = () -> checked(plain, query.sql(), true);
                same(backend.name() + " " + query.name(), query.check(), withFilter, without);
                List<Double> medians = interleave(backend.name() + " " + query.name(), options.reps(), 1,
                        List.of(new Variant("filtered", withFilter), new Variant("undeclared", without)));
                new BenchResult(engine + query.name() + ", filtered vs undeclared (unfiltered)", millis(medians.get(0)),
                        millis(medians.get(1)), medians.get(0) / medians.get(1), "report (time)", null, note + "; 1 range per shard").report();
            }
            Run prunedRun = () -> checked(filtered, SELECTIVE, false);
            Run unprunedRun = () -> checked(plain, SELECTIVE, true);
            same(backend.name() + " customer_id = 123", QueryResult::rows, prunedRun, unprunedRun);
            List<Double> medians = interleave(backend.name() + " customer_id = 123", options.reps(), SELECTIVE_RUNS,
                    List.of(new Variant("pruned", prunedRun), new Variant("undeclared", unprunedRun)));
            new BenchResult(engine + "customer_id = 123, pruned to 1 shard (no filter) vs undeclared on 3", millis(medians.get(0)),
                    millis(medians.get(1)), medians.get(0) / medians.get(1), "report (time)", null, String.format(Locale.ROOT,
                            "%s; per query, mean of %d per repetition; pruning %.2f× faster", note, SELECTIVE_RUNS, medians.get(1) / medians.get(0)))
                    .report();
        }
        // The ring's shards read three ways: through the ring's filter, through a one-range-per-shard filter (same rows, same
        // work per row but the number of ranges; it counts only the rows hashing into equal thirds) and undeclared.
        Topology oneRange = BenchTopologies.write(dir, prefix + "-ring-one-range", ring.owned().shards().stream().map(s -> s.url()).toList(),
                BenchTopologies.EQUAL_RANGES, BenchTopologies.ORDERS);
        try (ShardPools ringPools = new ShardPools(ring.owned().shards());
             QueryEngine ringFiltered = new QueryEngine(ring.owned(), ringPools);
             QueryEngine oneRangeFiltered = new QueryEngine(oneRange, ringPools);
             QueryEngine ringPlain = new QueryEngine(ring.undeclared(), ringPools)) {
            String sql = QUERIES.getFirst().sql();
            Run ringRun = () -> checked(ringFiltered, sql, false);
            Run plainRun = () -> checked(ringPlain, sql, true);
            same(backend.name() + " ring count(*)", QueryResult::rows, ringRun, plainRun);
            List<Double> medians = interleave(backend.name() + " ring shards count(*)", options.reps(), 1, List.of(new Variant("ring filter", ringRun),
                    new Variant("1-range filter", () -> checked(oneRangeFiltered, sql, false)), new Variant("undeclared", plainRun)));
            String ringNote = String.format(Locale.ROOT, "%s; the ring's own 3 shards, filled by it; %s ranges per shard", note, ring.rangesPerShard());
            new BenchResult(engine + "count(*), 150-virtual-node ring, filtered vs undeclared", millis(medians.get(0)), millis(medians.get(2)),
                    medians.get(0) / medians.get(2), "report (time)", null, ringNote).report();
            new BenchResult(engine + "count(*) on the ring's shards, ring filter vs a 1-range-per-shard filter", millis(medians.get(0)),
                    millis(medians.get(1)), medians.get(0) / medians.get(1), "report (time)", null, ringNote
                            + "; the 1-range filter counts a different third of the same rows").report();
        }
    }

    /** A topology declaring orders, its undeclared twin over the same shards, and those shards filled with what each owns. */
    private record Layout(Topology owned, Topology undeclared, String rangesPerShard) {

        static Layout create(Backend backend, Path dir, String name, String layout, String routing, long rows) throws Exception {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                urls.add(backend.url(layout, i));
            }
            Topology owned = BenchTopologies.write(dir, name, urls, routing, BenchTopologies.ORDERS);
            Topology undeclared = BenchTopologies.write(dir, name + "-undeclared", urls, routing, OTHER_TABLE);
            Map<String, List<HashRange>> ranges = owned.partition().rangesByShard();
            long started = System.nanoTime();
            for (int i = 0; i < SHARDS; i++) {
                String condition = backend.dialect().ownedBy(CUSTOMER_OF.formatted(backend.number()), ranges.get(owned.shards().get(i).id()));
                backend.fill(layout, i, rows, condition);
            }
            System.out.printf(Locale.ROOT, "%s %s: 3 shards filled in %.1f s%n", backend.name(), layout, (System.nanoTime() - started) / 1e9);
            String counts = String.join("/", owned.shards().stream().map(s -> String.valueOf(ranges.get(s.id()).size())).toList());
            return new Layout(owned, undeclared, counts);
        }
    }

    @FunctionalInterface
    private interface Run {
        QueryResult run() throws Exception;
    }

    /** A way of running the query under measurement. */
    private record Variant(String name, Run run) {
    }

    /** Runs both once and fails unless their answers agree on {@code check}. */
    private static void same(String label, java.util.function.Function<QueryResult, Object> check, Run filtered, Run plain) throws Exception {
        Object expected = check.apply(plain.run());
        Object got = check.apply(filtered.run());
        if (!expected.equals(got)) {
            throw new IllegalStateException(label + ": filtered answer " + got + " differs from the unfiltered " + expected);
        }
    }

    /**
     * Times the variants in turn, {@code reps} times after one warm-up each, in the listed order and then the reverse
     * alternately; each timing is the mean of {@code runs} executions. Returns each variant's median in seconds.
     */
    private static List<Double> interleave(String label, int reps, int runs, List<Variant> variants) throws Exception {
        for (Variant variant : variants) {
            variant.run().run();
        }
        List<List<Double>> times = new ArrayList<>();
        variants.forEach(v -> times.add(new ArrayList<>()));
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < variants.size(); k++) {
                int i = rep % 2 == 0 ? k : variants.size() - 1 - k;
                times.get(i).add(time(variants.get(i).run(), runs));
            }
            StringBuilder line = new StringBuilder(label + " rep " + (rep + 1) + ":");
            for (int i = 0; i < variants.size(); i++) {
                line.append(String.format(Locale.ROOT, " %s %.1f ms", variants.get(i).name(), times.get(i).getLast() * 1e3));
            }
            System.out.println(line);
        }
        return times.stream().map(Stats::median).toList();
    }

    private static double time(Run run, int runs) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            run.run();
        }
        return (System.nanoTime() - started) / 1e9 / runs;
    }

    /** The query's answer; undeclared says which topology it ran on, which the warnings must confirm. */
    private static QueryResult checked(QueryEngine engine, String sql, boolean undeclared) throws InterruptedException {
        QueryResult result = engine.execute(QueryRequest.of(sql).withTimeout(Duration.ofMinutes(5))).orElseThrow();
        if (!result.failedShards().isEmpty()) {
            throw new IllegalStateException("shards failed: " + result.failedShards());
        }
        boolean warned = result.warnings().stream().anyMatch(w -> w.code().equals(QueryWarning.UNDECLARED_TABLES));
        if (warned != undeclared || result.scope().shards().size() != (sql.equals(SELECTIVE) && !undeclared ? 1 : SHARDS)) {
            throw new IllegalStateException("unexpected warnings " + result.warnings() + " or scope " + result.scope().describe() + " for " + sql);
        }
        return result;
    }

    /** Decimal values to the cent; anything else as it is. */
    private static Object cents(Object value) {
        return value instanceof Double || value instanceof java.math.BigDecimal
                ? String.format(Locale.ROOT, "%.2f", ((Number) value).doubleValue()) : value;
    }

    private static String millis(double seconds) {
        return String.format(Locale.ROOT, seconds < 0.1 ? "%.1f ms" : "%.0f ms", seconds * 1e3);
    }
}
