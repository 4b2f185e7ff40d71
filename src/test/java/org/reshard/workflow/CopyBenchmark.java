package org.reshard.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reshard.bench.BenchDatabases;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.shard.ShardPools;
import org.reshard.shard.TableSchema;
import org.reshard.state.PhaseTiming;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * The copy phase against a {@code psql} binary COPY pipe moving the same hash slices: 1,000,000 orders
 * on one PostgreSQL shard, resharded to three, so two thirds move in two steps. Prints rows/s and ratios.
 * Run by {@code bench/run.sh}; arguments: rows (default 1000000), repetitions (default 3).
 */
public final class CopyBenchmark {

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("copy-bench");
        BenchDatabases.recreate("bench_src");
        BenchDatabases.createOrders("bench_src", rows, null);
        Topology from = topology(dir, "old.json", 1);
        Topology to = topology(dir, "new.json", 3);
        List<Double> pipe = new ArrayList<>();
        List<Double> copier = new ArrayList<>();
        List<Double> phase = new ArrayList<>();
        long moved = 0;
        for (int rep = 0; rep < reps; rep++) {
            ReshardingPlan plan = new org.reshard.plan.Planner().plan(new ReshardingRequest(from, to)).orElseThrow();
            moved = plan.estimate().totalRows();
            resetTargets();
            pipe.add(pipe(plan));
            resetTargets();
            copier.add(copier(plan));
            resetTargets();
            phase.add(phase(dir, plan));
        }
        report(rows, moved, median(pipe), median(copier), median(phase));
        for (String db : List.of("bench_src", "bench_t1", "bench_t2")) {
            BenchDatabases.drop(db);
        }
    }

    private static Topology topology(Path dir, String file, int shards) throws Exception {
        StringBuilder list = new StringBuilder();
        String[] names = {"bench_src", "bench_t1", "bench_t2"};
        for (int i = 0; i < shards; i++) {
            list.append(i == 0 ? "" : ",").append("{\"id\": \"s").append(i).append("\", \"url\": \"").append(BenchDatabases.url(names[i])).append("\"}");
        }
        Path path = dir.resolve(file);
        Files.writeString(path, "{\"name\": \"" + file + "\", \"registry\": \"jdbc:sqlite:" + dir.resolve("registry.db")
                + "\", \"routing\": {\"strategy\": \"hash-range\", \"ranges\": \"equal\"}, \"shards\": [" + list
                + "], \"tables\": [{\"name\": \"orders\", \"shardKey\": \"customer_id\", \"primaryKey\": [\"id\"]}]}");
        return new TopologyLoader().load(path).orElseThrow();
    }

    private static void resetTargets() throws Exception {
        for (String db : List.of("bench_t1", "bench_t2")) {
            BenchDatabases.recreate(db);
        }
        BenchDatabases.execute("bench_src", "DROP TABLE IF EXISTS reshard_changelog", "DROP TRIGGER IF EXISTS reshard_capture ON orders",
                "DROP TRIGGER IF EXISTS reshard_no_truncate ON orders", "DROP TRIGGER IF EXISTS reshard_fence ON orders");
    }

    private static void createTargetTables() throws Exception {
        for (String db : List.of("bench_t1", "bench_t2")) {
            BenchDatabases.execute(db, "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, placed_at timestamptz NOT NULL,"
                    + " total numeric(12,2) NOT NULL, status text NOT NULL, country text NOT NULL, note text)");
        }
    }

    /** Seconds for psql to move each step's slice: binary COPY out of the source, piped into COPY in on the target. */
    private static double pipe(ReshardingPlan plan) throws Exception {
        createTargetTables();
        long started = System.nanoTime();
        for (PlanStep step : plan.steps()) {
            String filter = org.reshard.shard.PostgresDialect.multirange(step.ranges()).replace("'", "'\"'\"'");
            String target = step.targetShard().equals("s1") ? "bench_t1" : "bench_t2";
            String command = "psql -h 127.0.0.1 -U postgres -d bench_src -qc '\\copy (SELECT * FROM orders WHERE " + filter
                    + " @> hashtextextended(customer_id::text, 0)) TO STDOUT (FORMAT binary)' | psql -h 127.0.0.1 -U postgres -d "
                    + target + " -qc '\\copy orders FROM STDIN (FORMAT binary)'";
            Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the psql pipe failed: " + command);
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Seconds for the copy phase's batch loop alone, into the same empty tables. */
    private static double copier(ReshardingPlan plan) throws Exception {
        createTargetTables();
        try (ShardPools pools = new ShardPools(allShards(plan))) {
            long started = System.nanoTime();
            for (PlanStep step : plan.steps()) {
                TableSchema schema;
                try (var c = pools.connect(step.sourceShard()).orElseThrow()) {
                    schema = pools.dialect(step.sourceShard()).describe(c, "orders").orElseThrow();
                }
                StepCopier copier = StepCopier.of(pools, step, schema, "customer_id", ReshardingOptions.DEFAULTS.batchSize());
                com.fasterxml.jackson.databind.JsonNode cursor = null;
                while (true) {
                    CopiedBatch batch = copier.copyBatch(cursor);
                    if (batch.rows() == 0) {
                        break;
                    }
                    cursor = batch.lastKey();
                    if (batch.rows() < ReshardingOptions.DEFAULTS.batchSize()) {
                        break;
                    }
                }
            }
            return (System.nanoTime() - started) / 1e9;
        }
    }

    /** Seconds of the whole Copying phase of a real operation: capture, table creation, batches, index build. */
    private static double phase(Path dir, ReshardingPlan plan) throws Exception {
        Path state = dir.resolve("state-" + System.nanoTime() + ".db");
        Files.deleteIfExists(dir.resolve("registry.db"));
        try (SqliteStateStore store = SqliteStateStore.open(state).orElseThrow()) {
            OperationControl control = new OperationControl();
            ReshardingListener stopAfterCopy = new ReshardingListener() {
                @Override
                public void phaseCompleted(String id, ReshardingPhase phase, Duration took) {
                    if (phase == ReshardingPhase.COPYING) {
                        control.requestStop("benchmark measured the copy");
                    }
                }
            };
            ReshardingOutcome outcome = new ReshardingOrchestrator(store, new org.reshard.testing.TestTelemetry().telemetry())
                    .execute(plan, ReshardingOptions.DEFAULTS, new RunHooks(stopAfterCopy, CutoverGate.approveAlways(), control)).orElseThrow();
            PhaseTiming copying = outcome.state().history().stream().filter(t -> t.phase() == ReshardingPhase.COPYING).findFirst().orElseThrow();
            return copying.duration(copying.completedAt()).toNanos() / 1e9;
        }
    }

    private static List<org.reshard.topology.ShardSpec> allShards(ReshardingPlan plan) {
        List<org.reshard.topology.ShardSpec> all = new ArrayList<>(plan.from().shards());
        plan.to().shards().stream().filter(s -> plan.from().shard(s.id()).isEmpty()).forEach(all::add);
        return all;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void report(long rows, long moved, double pipe, double copier, double phase) {
        System.out.printf(Locale.ROOT, "copy  PostgreSQL → PostgreSQL, %,d of %,d rows in 2 steps%n", moved, rows);
        System.out.printf(Locale.ROOT, "  psql binary COPY pipe     %6.2f s  %,10.0f rows/s  (baseline)%n", pipe, moved / pipe);
        System.out.printf(Locale.ROOT, "  copy batches (10,000)     %6.2f s  %,10.0f rows/s  %.2f× the pipe%n", copier, moved / copier, pipe / copier);
        System.out.printf(Locale.ROOT, "  whole Copying phase       %6.2f s  %,10.0f rows/s  %.2f× the pipe (adds capture, table, 1 index)%n",
                phase, moved / phase, pipe / phase);
    }
}
