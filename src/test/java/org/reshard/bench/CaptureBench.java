package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reshard.cdc.AppliedChanges;
import org.reshard.cdc.CaptureSetting;
import org.reshard.cdc.CapturedTable;
import org.reshard.cdc.ChangeApplier;
import org.reshard.cdc.ChangeBacklog;
import org.reshard.cdc.ChangeRoute;
import org.reshard.cdc.SourceCapture;
import org.reshard.cdc.WalSlots;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.shard.ShardPools;
import org.reshard.shard.TableSchema;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.TestTelemetry;
import org.reshard.topology.HashRange;
import org.reshard.topology.RoutingHash;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.workflow.CutoverGate;
import org.reshard.workflow.GateDecision;
import org.reshard.workflow.OperationControl;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.ReshardingOrchestrator;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/**
 * What change capture costs and delivers on PostgreSQL, triggers against logical decoding, in one run; a resharding of
 * 1,000,000 orders from one shard to three (two thirds of the keys move), databases {@code bench_cap_*}.
 * <ol>
 *   <li><b>A writer's throughput</b>: one unpaced autocommit writer (three single-row UPDATEs of a random order per
 *   INSERT) with no operation, and while a real operation ({@link ReshardingOrchestrator}, {@code --capture triggers}
 *   or {@code --capture logical}) waits at the cutover gate, where it runs the Replicating phase's apply rounds; the
 *   three are interleaved, their order rotating from one repetition to the next. Each operation is refused at the gate
 *   and rolled back afterwards, and the source is checked for anything capture left.</li>
 *   <li><b>Apply rate and lag</b>, with the engine's capture and applier driven directly, as the Replicating phase
 *   drives them: the rate at which a backlog left by 10 s of the unpaced writer drains; then a writer at 500 writes/s
 *   with apply rounds as in {@code Replication.catchUp}, sampling the lag the engine reports and the end-to-end lag
 *   (a new order's commit on the source to its arrival on its new owner, polled every 10 ms).</li>
 * </ol>
 * The copy phase against the {@code psql} pipe is {@link CopyBench}, which bench/run.sh runs with this one.
 * <p>By default the two targets are databases of the source's own server (127.0.0.1:5432), so the applier's upserts and
 * commits share the source's WAL and its fsyncs. With {@code -Dbench.captureTargetsElsewhere=true} they are databases of a
 * second PostgreSQL cluster started for the run ({@link BenchCluster}: its own data directory, port, WAL and fsyncs, the
 * main server's durability and memory settings; the same machine and disk), stopped and deleted at the end; part 1 then
 * also interleaves a fourth window, logical capture with the targets on the source's server as before, as a control
 * ({@code -Dbench.captureLocalControl=false} leaves it out). {@code -Dbench.captureCpuSplit=true} (with the targets
 * elsewhere) gives the source's server and the writer CPU 0 and everything else CPU 1 ({@link CpuSplit}), as if the source
 * had a host of its own. {@code -Dbench.captureThroughputOnly=true} runs part 1 only.
 */
public final class CaptureBench {

    private static final String SOURCE = "bench_cap_src";
    private static final List<String> TARGETS = List.of("bench_cap_t1", "bench_cap_t2");
    private static final double STEADY_RATE = 500;
    private static final int BATCH = ReshardingOptions.DEFAULTS.batchSize();
    private static final long THRESHOLD_MS = ReshardingOptions.DEFAULTS.lagThreshold().toMillis();

    /** The three ways a writer runs in part 1. */
    private enum Mode {
        NONE("no operation", null),
        TRIGGERS("trigger capture", CaptureSetting.TRIGGERS),
        LOGICAL("logical capture", CaptureSetting.LOGICAL),
        /** Control with the targets elsewhere: logical capture with the targets on the source's server, as by default. */
        LOGICAL_LOCAL("logical, targets on source's server", CaptureSetting.LOGICAL),
        /** Diagnostic ({@code -Dbench.captureDiagnose=true}): a pgoutput slot and publication that nobody reads. */
        SLOT_UNREAD("slot, unread", null),
        /** Diagnostic: the same slot streamed by {@code pg_recvlogical} to /dev/null: decoding without applying. */
        SLOT_STREAMED("slot, streamed", null),
        /**
         * Diagnostic: the same slot read without a WAL sender, by {@code pg_logical_slot_get_binary_changes} from a plain
         * session every 200 ms: commits have no WAL sender to wake.
         */
        SLOT_POLLED("slot, polled by SQL", null),
        /**
         * Diagnostic: the same slot read through pgjdbc's replication API in rounds: every 200 ms a new replication
         * connection streams up to the WAL position of the round's start, confirms it and closes, so between rounds no WAL
         * sender exists for commits to wake.
         */
        SLOT_ROUNDS("slot, streamed in rounds", null);

        final String label;
        final CaptureSetting setting;

        Mode(String label, CaptureSetting setting) {
            this.label = label;
            this.setting = setting;
        }
    }

    private long nextId;
    /** Where the target databases are: the source's server, or a second cluster. */
    private BenchServer targets = BenchServer.LOCAL;
    /** The plan with the targets on the source's server (the control window when {@link #targets} is elsewhere). */
    private ReshardingPlan localPlan;
    private SutCpu sut = new SutCpu(List.of(SOURCE, TARGETS.get(0), TARGETS.get(1)));

    public static void main(String[] args) throws Exception {
        new CaptureBench().run(BenchArgs.parse(args, 6));
    }

    private void run(BenchArgs options) throws Exception {
        if (!Boolean.getBoolean("bench.captureTargetsElsewhere")) {
            run(options, null);
            return;
        }
        try (BenchCluster cluster = BenchCluster.start("capture-targets")) {
            targets = cluster.server();
            sut = new SutCpu(Map.of(BenchServer.LOCAL, List.of(SOURCE, TARGETS.get(0), TARGETS.get(1)), targets, TARGETS));
            System.out.println("targets on a " + cluster.describe());
            if (!Boolean.getBoolean("bench.captureCpuSplit")) {
                run(options, cluster.describe());
                return;
            }
            try (CpuSplit split = CpuSplit.apply(cluster.dataDirectory())) {
                System.out.println(split.describe());
                run(options, cluster.describe() + "; " + split.describe());
            }
        } finally {
            System.out.println("second cluster stopped and deleted; load " + loadAverage());
        }
    }

    private void run(BenchArgs options, String elsewhere) throws Exception {
        long rows = options.size(1_000_000);
        double window = options.quick() ? 4 : 10;
        nextId = 10_000_000;
        Path dir = Files.createTempDirectory("capture-bench");
        System.out.println("load before: " + loadAverage());
        BenchDatabases.recreate(SOURCE);
        BenchDatabases.createOrders(SOURCE, rows, null);
        for (String db : TARGETS) {
            targets.recreate(db);
        }
        Topology from = BenchTopologies.write(dir, "old", BenchTopologies.postgres(SOURCE));
        Topology to = BenchTopologies.write(dir, "new", List.of(BenchDatabases.url(SOURCE), targets.url(TARGETS.get(0)),
                targets.url(TARGETS.get(1))));
        ReshardingPlan plan = BenchRun.plan(from, to);
        // With the CPUs split, targets on the source's server would run on the source's CPU: no control window then.
        boolean control = elsewhere != null && !"false".equals(System.getProperty("bench.captureLocalControl"))
                && !Boolean.getBoolean("bench.captureCpuSplit");
        if (control) {
            localPlan = BenchRun.plan(from, BenchTopologies.write(dir, "new-local", BenchTopologies.postgres(SOURCE, TARGETS.get(0),
                    TARGETS.get(1))));
        }

        // Part 1: throughput, interleaved, the order rotating so each mode takes each place equally often.
        Map<Mode, List<Double>> rates = new LinkedHashMap<>();
        List<Mode> modes = new ArrayList<>(List.of(Mode.NONE, Mode.TRIGGERS, Mode.LOGICAL));
        if (control) {
            modes.add(Mode.LOGICAL_LOCAL);
        }
        if (Boolean.getBoolean("bench.captureDiagnose")) {
            modes.addAll(List.of(Mode.SLOT_UNREAD, Mode.SLOT_STREAMED, Mode.SLOT_POLLED, Mode.SLOT_ROUNDS));
        }
        for (Mode mode : modes) {
            rates.put(mode, new ArrayList<>());
        }
        Map<Mode, List<Double>> cpu = new LinkedHashMap<>();
        Map<Mode, List<Double>> writerPath = new LinkedHashMap<>();
        for (Mode mode : modes) {
            cpu.put(mode, new ArrayList<>());
            writerPath.put(mode, new ArrayList<>());
        }
        List<Double> triggerRatios = new ArrayList<>();
        List<Double> logicalRatios = new ArrayList<>();
        List<Double> localRatios = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int rep = 0; rep < options.reps(); rep++) {
            Map<Mode, Double> thisRep = new LinkedHashMap<>();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "rep %d:", rep + 1));
            for (int k = 0; k < modes.size(); k++) {
                Mode mode = modes.get((rep + k) % modes.size());
                Window w = switch (mode) {
                    case NONE -> writerWindow(rows, window);
                    case TRIGGERS, LOGICAL -> underOperation(dir, plan, targets, mode, rows, window, problems);
                    case LOGICAL_LOCAL -> underOperation(dir, localPlan, BenchServer.LOCAL, mode, rows, window, problems);
                    case SLOT_UNREAD, SLOT_STREAMED, SLOT_POLLED, SLOT_ROUNDS -> withBareSlot(mode, rows, window);
                };
                thisRep.put(mode, w.rate);
                rates.get(mode).add(w.rate);
                cpu.get(mode).add(w.msPerWrite());
                writerPath.get(mode).add(w.writerPathMs());
                line.append(String.format(Locale.ROOT, "%n  %-16s %,6.0f writes/s, CPU %.3f ms/write (JVM %.3f of which the writer's thread %.3f;"
                                + " server %.3f of which the writer's backend %.3f, WAL sender %.3f), machine %.0f %% busy%s", mode.label, w.rate,
                        w.msPerWrite(), w.jvmMsPerWrite, w.writerMsPerWrite, w.dbMsPerWrite, w.backendMsPerWrite, w.senderMsPerWrite,
                        w.busyShare * 100, w.note.isEmpty() ? "" : "; " + w.note));
            }
            if (control) {
                localRatios.add(thisRep.get(Mode.LOGICAL_LOCAL) / thisRep.get(Mode.NONE));
                line.append(String.format(Locale.ROOT, "%n  → logical with the targets on the source's server %.3f×", localRatios.getLast()));
            }
            if (modes.contains(Mode.SLOT_UNREAD)) {
                line.append(String.format(Locale.ROOT, "%n  → slot unread %.3f×, slot streamed %.3f×, slot polled by SQL %.3f×,"
                        + " slot streamed in rounds %.3f×", thisRep.get(Mode.SLOT_UNREAD) / thisRep.get(Mode.NONE),
                        thisRep.get(Mode.SLOT_STREAMED) / thisRep.get(Mode.NONE), thisRep.get(Mode.SLOT_POLLED) / thisRep.get(Mode.NONE),
                        thisRep.get(Mode.SLOT_ROUNDS) / thisRep.get(Mode.NONE)));
            }
            triggerRatios.add(thisRep.get(Mode.TRIGGERS) / thisRep.get(Mode.NONE));
            logicalRatios.add(thisRep.get(Mode.LOGICAL) / thisRep.get(Mode.NONE));
            System.out.println(line + String.format(Locale.ROOT, "%n  → triggers %.3f×, logical %.3f×; load %s", triggerRatios.getLast(),
                    logicalRatios.getLast(), loadAverage()));
        }

        // Part 2: apply rate and lag, each capture in turn.
        Map<Mode, List<Double>> drainChanges = new LinkedHashMap<>();
        Map<Mode, List<Double>> drainWrites = new LinkedHashMap<>();
        Map<Mode, Steady> steady = new LinkedHashMap<>();
        int rounds = Boolean.getBoolean("bench.captureThroughputOnly") ? 0 : options.quick() ? 1 : 2;
        int steadySeconds = options.quick() ? 8 : 20;
        for (int round = 0; round < rounds; round++) {
            for (Mode mode : round % 2 == 0 ? List.of(Mode.TRIGGERS, Mode.LOGICAL) : List.of(Mode.LOGICAL, Mode.TRIGGERS)) {
                Drain d = drain(plan, to, mode, rows, window);
                drainChanges.computeIfAbsent(mode, m -> new ArrayList<>()).add(d.changes / d.seconds);
                drainWrites.computeIfAbsent(mode, m -> new ArrayList<>()).add(d.writes / d.seconds);
                System.out.printf(Locale.ROOT, "drain, %s: %,d writes left %,d changes, applied in %.2f s: %,.0f changes/s, %,.0f writes/s%n",
                        mode.label, d.writes, d.changes, d.seconds, d.changes / d.seconds, d.writes / d.seconds);
                Steady s = steady(plan, to, mode, rows, steadySeconds);
                steady.merge(mode, s, Steady::plus);
                System.out.printf(Locale.ROOT, "steady, %s: %s; load %s%n", mode.label, s.describe(), loadAverage());
            }
        }
        for (String db : TARGETS) {
            targets.drop(db);
            if (control) {
                BenchDatabases.drop(db);
            }
        }
        BenchDatabases.drop(SOURCE);
        String load = loadAverage();
        System.out.println("load after: " + load);

        double none = Stats.median(rates.get(Mode.NONE));
        double triggers = Stats.median(rates.get(Mode.TRIGGERS));
        double logical = Stats.median(rates.get(Mode.LOGICAL));
        String where = elsewhere == null ? "targets on the source's server" : "targets on a " + elsewhere;
        String note = String.format(Locale.ROOT, "one writer, %.0f s windows, %s, interleaved; ratio = median of the per-repetition ratios; %s",
                window, options.sizeNote(rows), where);
        String tag = elsewhere == null ? "" : " (targets on a second cluster)";
        double logicalRatio = Stats.median(logicalRatios);
        double triggerRatio = Stats.median(triggerRatios);
        new BenchResult("capture: writes/s, no operation (baseline)" + tag, BenchResult.rate(none, "writes"), "—", Double.NaN, "—", null,
                spread(rates.get(Mode.NONE)) + "; " + note).report();
        new BenchResult("capture: writes/s under trigger capture vs no operation" + tag, BenchResult.rate(triggers, "writes"),
                BenchResult.rate(none, "writes"), triggerRatio, "report", null,
                spread(rates.get(Mode.TRIGGERS)) + "; per-rep ratios " + ratios(triggerRatios)).report();
        new BenchResult("capture: writes/s under logical capture vs no operation" + tag, BenchResult.rate(logical, "writes"),
                BenchResult.rate(none, "writes"), logicalRatio, "≥ 0.97× (≤ 3 % cost)", logicalRatio >= 0.97,
                spread(rates.get(Mode.LOGICAL)) + "; per-rep ratios " + ratios(logicalRatios)).report();
        if (control) {
            double local = Stats.median(rates.get(Mode.LOGICAL_LOCAL));
            new BenchResult("capture: writes/s under logical capture, targets on the source's server (control), vs no operation",
                    BenchResult.rate(local, "writes"), BenchResult.rate(none, "writes"), Stats.median(localRatios), "report", null,
                    spread(rates.get(Mode.LOGICAL_LOCAL)) + "; per-rep ratios " + ratios(localRatios)).report();
        }
        double cpuNone = Stats.median(cpu.get(Mode.NONE));
        double pathNone = Stats.median(writerPath.get(Mode.NONE));
        for (Mode mode : control ? List.of(Mode.TRIGGERS, Mode.LOGICAL, Mode.LOGICAL_LOCAL) : List.of(Mode.TRIGGERS, Mode.LOGICAL)) {
            double c = Stats.median(writerPath.get(mode));
            new BenchResult("capture: CPU per write on the writer's own path (its thread + its backend), " + mode.label + " vs no operation",
                    String.format(Locale.ROOT, "%.3f ms", c), String.format(Locale.ROOT, "%.3f ms", pathNone), pathNone / c, "report", null,
                    "what the writer waits for besides commits and the scheduler; all: " + ratios(writerPath.get(mode)) + "; none: "
                            + ratios(writerPath.get(Mode.NONE))).report();
        }
        for (Mode mode : control ? List.of(Mode.TRIGGERS, Mode.LOGICAL, Mode.LOGICAL_LOCAL) : List.of(Mode.TRIGGERS, Mode.LOGICAL)) {
            double c = Stats.median(cpu.get(mode));
            new BenchResult("capture: CPU per write (JVM + bench databases' server processes), " + mode.label + " vs no operation",
                    String.format(Locale.ROOT, "%.3f ms", c), String.format(Locale.ROOT, "%.3f ms", cpuNone), cpuNone / c, "report", null,
                    "medians of the same windows; ratio < 1 means more CPU per write; all: " + ratios(cpu.get(mode))).report();
        }
        for (Mode mode : rounds == 0 ? List.<Mode>of() : List.of(Mode.TRIGGERS, Mode.LOGICAL)) {
            double changes = Stats.median(drainChanges.get(mode));
            double writes = Stats.median(drainWrites.get(mode));
            new BenchResult("capture apply rate draining a backlog, " + mode.label, BenchResult.rate(changes, "changes"),
                    BenchResult.rate(none, "writes"), writes / none, "report (≥ 1× keeps up with one writer)", null,
                    String.format(Locale.ROOT, "ratio: source writes drained/s (%,.0f) vs one unpaced writer; median of %d", writes,
                            drainWrites.get(mode).size())).report();
            Steady s = steady.get(mode);
            new BenchResult("capture lag at 500 writes/s, " + mode.label + " (engine median / p95 / max)",
                    String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms", Stats.median(s.engineLag), Stats.percentile(s.engineLag, 95),
                            Stats.max(s.engineLag)), "—", Double.NaN, "< " + THRESHOLD_MS + " ms (lag threshold)",
                    Stats.max(s.engineLag) < THRESHOLD_MS, s.describe()).report();
            new BenchResult("capture lag at 500 writes/s, " + mode.label + " (end to end median / p95 / max)",
                    String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms", Stats.median(s.endToEnd), Stats.percentile(s.endToEnd, 95),
                            Stats.max(s.endToEnd)), "—", Double.NaN, "report", null,
                    String.format(Locale.ROOT, "%,d new orders' commit on the source → seen on the new owner (10 ms polls)", s.endToEnd.size()))
                    .report();
        }
        if (!problems.isEmpty()) {
            System.out.println("PROBLEMS:");
            problems.forEach(p -> System.out.println("  " + p));
        }
    }

    /**
     * One measured window of the writer: writes/s, the machine's busy share of its two cores, CPU milliseconds per write of
     * this JVM and of the benchmark databases' server processes ({@link SutCpu}), and anything to note.
     */
    private record Window(double rate, double busyShare, double writerMsPerWrite, double jvmMsPerWrite, double dbMsPerWrite,
                          double senderMsPerWrite, double backendMsPerWrite, String note) {

        /** The writer's own path: its thread in this JVM and its backend on the server. */
        double writerPathMs() {
            return writerMsPerWrite + backendMsPerWrite;
        }

        double msPerWrite() {
            return jvmMsPerWrite + dbMsPerWrite;
        }

        Window noting(String more) {
            return new Window(rate, busyShare, writerMsPerWrite, jvmMsPerWrite, dbMsPerWrite, senderMsPerWrite, backendMsPerWrite, more);
        }
    }

    /** The unpaced writer alone: 1 s of warm-up, then {@code seconds} counted. */
    private Window writerWindow(long rows, double seconds) throws Exception {
        try (PacedWriter writer = new PacedWriter(SOURCE, rows, nextId, 0)) {
            nextId += 1_000_000;
            Thread.sleep(1000);
            WaitSampler waits = Boolean.getBoolean("bench.captureWaits") ? new WaitSampler(writer.backendPid()) : null;
            SutCpu.Reading sutBefore = sut.now();
            long writerCpu = writer.cpuNanos();
            long first = writer.writes();
            long started = System.nanoTime();
            MachineCpu.Reading cpu = MachineCpu.now();
            Thread.sleep((long) (seconds * 1000));
            long writes = writer.writes() - first;
            double elapsed = (System.nanoTime() - started) / 1e9;
            double busy = MachineCpu.now().since(cpu).busy();
            double writerMs = (writer.cpuNanos() - writerCpu) / 1e6;
            double[] used = SutCpu.since(sutBefore, sut.now(), writer.backendPid());
            String waited = waits == null ? "" : "writer's backend " + waits.close();
            return new Window(writes / elapsed, busy / elapsed / Runtime.getRuntime().availableProcessors(), writerMs / writes, used[0] * 1000 / writes,
                    used[1] * 1000 / writes, used[2] * 1000 / writes, used[3] * 1000 / writes, waited);
        }
    }

    /**
     * The writer's window while a real operation with the given capture waits at the cutover gate (approval held back,
     * cutover timeout raised): the orchestrator applies a round of changes every 200 ms meanwhile, as in Replicating.
     * Then the gate refuses, the operation is rolled back and the source checked for leftovers.
     */
    private Window underOperation(Path dir, ReshardingPlan plan, BenchServer targetServer, Mode mode, long rows, double seconds,
                                  List<String> problems) throws Exception {
        for (String db : TARGETS) {
            targetServer.recreate(db);
        }
        ReshardingOptions options = ReshardingOptions.DEFAULTS.withCapture(mode.setting).withCutoverTimeout(Duration.ofMinutes(10));
        CountDownLatch atGate = new CountDownLatch(1);
        CompletableFuture<GateDecision> decision = new CompletableFuture<>();
        CutoverGate gate = summary -> {
            atGate.countDown();
            return decision;
        };
        Files.deleteIfExists(dir.resolve("registry.db"));
        Path state = dir.resolve("state-" + System.nanoTime() + ".db");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (SqliteStateStore store = SqliteStateStore.open(state).orElseThrow()) {
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store, new TestTelemetry().telemetry());
            RunHooks hooks = new RunHooks(ReshardingListener.NONE, gate, new OperationControl());
            Future<ReshardingOutcome> running = thread.submit(() -> orchestrator.execute(plan, options, hooks).orElseThrow());
            while (!atGate.await(200, TimeUnit.MILLISECONDS)) {
                if (running.isDone()) {
                    throw new IllegalStateException(mode.label + ": the operation ended before the cutover gate: " + running.get());
                }
            }
            // What the operation costs with no writes at all: the apply rounds' fixed cost, every 200 ms at the gate.
            SutCpu.Reading idleFrom = sut.now();
            long idleStarted = System.nanoTime();
            Thread.sleep(2000);
            double[] idle = SutCpu.since(idleFrom, sut.now());
            double idleSeconds = (System.nanoTime() - idleStarted) / 1e9;
            Window measured = writerWindow(rows, seconds);
            String backlog = backlog(mode);
            decision.complete(new GateDecision.Refuse("the benchmark's window is over"));
            ReshardingOutcome outcome = running.get(5, TimeUnit.MINUTES);
            String method = outcome.state().capture("s0").map(c -> c.method()).orElse("?");
            if (!method.equals(mode.setting.label())) {
                throw new IllegalStateException(mode.label + ": the operation captured with " + method);
            }
            long rollbackStarted = System.nanoTime();
            ReshardingOutcome rolledBack = orchestrator.rollback(outcome.state().id(), hooks).orElseThrow();
            double rollbackSeconds = (System.nanoTime() - rollbackStarted) / 1e9;
            if (!(rolledBack instanceof ReshardingOutcome.Finished)) {
                problems.add(mode.label + ": rollback ended " + rolledBack);
            }
            List<String> left = leftovers();
            if (!left.isEmpty()) {
                problems.add(mode.label + ": after the rollback the source still has " + left);
                BenchServer.LOCAL.dropCapture(SOURCE, "orders");
            }
            return measured.noting((measured.note.isEmpty() ? "" : measured.note + "; ") + String.format(Locale.ROOT, "idle at the gate before: JVM %.0f + server %.0f ms CPU/s; backlog at the window's end %s,"
                    + " rollback %.1f s", idle[0] * 1000 / idleSeconds, idle[1] * 1000 / idleSeconds, backlog, rollbackSeconds));
        } finally {
            thread.shutdownNow();
        }
    }

    /**
     * Diagnostic: the writer with a bare pgoutput slot and publication on the source (created as the engine creates them),
     * unread, or streamed by {@code pg_recvlogical} to /dev/null (the WAL sender decodes, nothing is applied).
     */
    private Window withBareSlot(Mode mode, long rows, double seconds) throws Exception {
        String slot = "reshard_bench_diag";
        BenchDatabases.execute(SOURCE, "CREATE PUBLICATION " + slot + " FOR TABLE orders WITH (publish = 'insert, update, delete, truncate')",
                "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        Process reader = null;
        AtomicBoolean polling = new AtomicBoolean(mode == Mode.SLOT_POLLED);
        AtomicBoolean rounds = new AtomicBoolean(mode == Mode.SLOT_ROUNDS);
        Thread rounder = Thread.ofPlatform().start(() -> {
            try {
                while (rounds.get()) {
                    streamOneRound(slot);
                    Thread.sleep(200);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException("reading the diagnostic slot in rounds failed", e);
            }
        });
        Thread poller = Thread.ofPlatform().start(() -> {
            try (Connection c = DriverManager.getConnection(BenchDatabases.url(SOURCE));
                 java.sql.PreparedStatement p = c.prepareStatement("SELECT count(*) FROM pg_logical_slot_get_binary_changes(?, NULL, NULL,"
                         + " 'proto_version', '1', 'publication_names', ?)")) {
                p.setString(1, slot);
                p.setString(2, slot);
                while (polling.get()) {
                    p.executeQuery().close();
                    Thread.sleep(200);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException("polling the diagnostic slot failed", e);
            }
        });
        try {
            if (mode == Mode.SLOT_STREAMED) {
                reader = new ProcessBuilder("pg_recvlogical", "-h", "127.0.0.1", "-U", "postgres", "-d", SOURCE, "--slot", slot, "--start",
                        "-o", "proto_version=1", "-o", "publication_names=" + slot, "-f", "/dev/null", "-s", "1", "-F", "1")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Thread.sleep(500);
            }
            return writerWindow(rows, seconds);
        } finally {
            polling.set(false);
            poller.join();
            rounds.set(false);
            rounder.join();
            if (reader != null) {
                reader.destroy();
                reader.waitFor(10, TimeUnit.SECONDS);
            }
            BenchServer.LOCAL.dropCapture(SOURCE, "orders");
        }
    }

    /** One round of {@link Mode#SLOT_ROUNDS}: a replication connection streams the slot up to where the WAL was at the start, confirms, closes. */
    private static void streamOneRound(String slot) throws SQLException, InterruptedException {
        long target;
        try (Connection c = DriverManager.getConnection(BenchDatabases.url(SOURCE)); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            r.next();
            target = org.postgresql.replication.LogSequenceNumber.valueOf(r.getString(1)).asLong();
        }
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("replication", "database");
        properties.setProperty("assumeMinServerVersion", "10");
        properties.setProperty("preferQueryMode", "simple");
        try (Connection c = DriverManager.getConnection(BenchDatabases.url(SOURCE), properties)) {
            org.postgresql.replication.PGReplicationStream stream = c.unwrap(org.postgresql.PGConnection.class).getReplicationAPI()
                    .replicationStream().logical().withSlotName(slot).withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", slot).withAutomaticFlush(false).start();
            while (stream.getLastReceiveLSN().asLong() < target) {
                if (stream.readPending() == null) {
                    Thread.sleep(1);
                }
            }
            stream.setFlushedLSN(stream.getLastReceiveLSN());
            stream.setAppliedLSN(stream.getLastReceiveLSN());
            stream.forceUpdateStatus();
            stream.close();
        }
    }

    /**
     * Diagnostic ({@code -Dbench.captureWaits=true}): samples what the writer's backend is doing every 5 ms
     * ({@code pg_stat_activity}: active on CPU, or waiting for what, or idle waiting for the writer's next statement).
     */
    private static final class WaitSampler {

        private final Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        WaitSampler(int pid) {
            thread = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(BenchDatabases.url("postgres"));
                     java.sql.PreparedStatement p = c.prepareStatement("SELECT state, coalesce(wait_event_type || ':' || wait_event, 'CPU')"
                             + " FROM pg_stat_activity WHERE pid = ?")) {
                    p.setInt(1, pid);
                    while (running.get()) {
                        try (ResultSet r = p.executeQuery()) {
                            if (r.next()) {
                                String what = "idle".equals(r.getString(1)) ? "idle (writer's JVM side)" : r.getString(2);
                                counts.merge(what, 1, Integer::sum);
                            }
                        }
                        Thread.sleep(5);
                    }
                } catch (SQLException | InterruptedException e) {
                    counts.merge("sampler failed: " + e.getMessage(), 1, Integer::sum);
                }
            }, "wait-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** Stops and describes the shares, largest first. */
        String close() throws InterruptedException {
            running.set(false);
            thread.join();
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                    .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100.0 * e.getValue() / Math.max(1, total)))
                    .collect(java.util.stream.Collectors.joining(", ", "(" + total + " samples: ", ")"));
        }
    }

    /** What capture had not applied yet when the window ended: changelog rows, or WAL bytes the slot had not confirmed. */
    private static String backlog(Mode mode) throws SQLException {
        String sql = mode == Mode.TRIGGERS ? "SELECT count(*) || ' changes' FROM reshard_changelog"
                : "SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)), 0)::bigint / 1024 || ' kB of WAL'"
                        + " FROM pg_replication_slots WHERE database = current_database()";
        try (Connection c = DriverManager.getConnection(BenchDatabases.url(SOURCE)); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /** Slots, publications and triggers reshard left on the source. */
    private static List<String> leftovers() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(BenchDatabases.url(SOURCE)); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT 'slot ' || slot_name FROM pg_replication_slots WHERE database = current_database()"
                     + " UNION ALL SELECT 'publication ' || pubname FROM pg_publication"
                     + " UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE tgname LIKE 'reshard%'"
                     + " UNION ALL SELECT 'table ' || relname FROM pg_class WHERE relname LIKE 'reshard%' AND relkind = 'r'")) {
            while (r.next()) {
                found.add(r.getString(1));
            }
        }
        return found;
    }

    /** The engine's capture and applier on the source, as an operation builds them (logical: its own slot and publication). */
    private record Engine(ShardPools pools, SourceCapture capture, ChangeApplier applier, List<ChangeRoute> routes) implements AutoCloseable {

        static Engine start(ReshardingPlan plan, Topology to, BenchServer targets, Mode mode) throws Exception {
            for (String db : TARGETS) {
                targets.recreate(db);
                targets.execute(db, BenchDatabases.ORDERS_TABLE);
            }
            ShardPools pools = new ShardPools(new ArrayList<ShardSpec>(to.shards()));
            List<HashRange> moving = plan.steps().stream().flatMap((PlanStep s) -> s.ranges().stream()).sorted().toList();
            TableSchema schema;
            try (Connection c = pools.connect("s0").orElseThrow()) {
                schema = pools.dialect("s0").describe(c, "orders").orElseThrow();
            }
            List<CapturedTable> tables = List.of(new CapturedTable(to.table("orders").orElseThrow(), schema, moving));
            SourceCapture capture = mode == Mode.LOGICAL ? new SourceCapture(pools, "s0", tables, WalSlots.name("capture-bench", "s0"))
                    : new SourceCapture(pools, "s0", tables);
            List<ChangeRoute> routes = plan.steps().stream().map(s -> new ChangeRoute(s.table(), s.targetShard(), s.ranges())).toList();
            capture.install();
            return new Engine(pools, capture, new ChangeApplier(pools, capture, routes), routes);
        }

        @Override
        public void close() throws Exception {
            capture.remove();
            pools.close();
        }
    }

    /** A drained backlog: the writes that made it, the changes the applier counted, and the seconds it took. */
    private record Drain(long writes, long changes, double seconds) {
    }

    /** {@code seconds} of the unpaced writer with capture on and nothing applying, then the applier drains it all. */
    private Drain drain(ReshardingPlan plan, Topology to, Mode mode, long rows, double seconds) throws Exception {
        try (Engine engine = Engine.start(plan, to, targets, mode)) {
            long writes;
            try (PacedWriter writer = new PacedWriter(SOURCE, rows, nextId, 0)) {
                nextId += 1_000_000;
                Thread.sleep((long) (seconds * 1000));
                writer.close();
                writes = writer.writes();
            }
            long started = System.nanoTime();
            AppliedChanges applied = engine.applier.drain(BATCH, System.nanoTime() + TimeUnit.MINUTES.toNanos(10));
            return new Drain(writes, applied.changes(), (System.nanoTime() - started) / 1e9);
        }
    }

    /** Lag samples and rates of a writer at 500 writes/s with apply rounds running. */
    private record Steady(List<Double> engineLag, List<Double> endToEnd, long writes, long changes, double seconds, long rounds, long caughtUp) {

        Steady plus(Steady other) {
            List<Double> lag = new ArrayList<>(engineLag);
            lag.addAll(other.engineLag);
            List<Double> e2e = new ArrayList<>(endToEnd);
            e2e.addAll(other.endToEnd);
            return new Steady(lag, e2e, writes + other.writes, changes + other.changes, seconds + other.seconds, rounds + other.rounds,
                    caughtUp + other.caughtUp);
        }

        String describe() {
            return String.format(Locale.ROOT, "%,.0f writes/s, %,.0f changes/s applied, %,d rounds (%.0f %% caught up: lag < %d ms and"
                            + " < %,d pending); engine lag median %.0f / p95 %.0f / max %.0f ms; end to end median %.0f / p95 %.0f / max %.0f ms",
                    writes / seconds, changes / seconds, rounds, 100.0 * caughtUp / Math.max(1, rounds), THRESHOLD_MS, BATCH,
                    Stats.median(engineLag), Stats.percentile(engineLag, 95), Stats.max(engineLag), Stats.median(endToEnd),
                    Stats.percentile(endToEnd, 95), Stats.max(endToEnd));
        }
    }

    /**
     * A writer at 500 writes/s for {@code seconds} while apply rounds run as {@code Replication.catchUp} runs them (a batch,
     * the backlog, 50 ms of sleep when the lag is 0); the first 2 s are warm-up and not sampled.
     */
    private Steady steady(ReshardingPlan plan, Topology to, Mode mode, long rows, int seconds) throws Exception {
        try (Engine engine = Engine.start(plan, to, targets, mode)) {
            List<ConcurrentSkipListMap<Long, Long>> inFlight = List.of(new ConcurrentSkipListMap<>(), new ConcurrentSkipListMap<>());
            PacedWriter.Inserts inserts = (id, customer, at) -> {
                long hash = RoutingHash.hash(Long.toString(customer));
                for (int t = 0; t < engine.routes.size(); t++) {
                    if (engine.routes.get(t).covers(hash)) {
                        inFlight.get(targetIndex(engine.routes.get(t))).put(id, at);
                    }
                }
            };
            long started = System.nanoTime();
            long warm = started + 2_000_000_000L;
            long end = started + seconds * 1_000_000_000L;
            List<Double> engineLag = new ArrayList<>();
            List<Double> endToEnd = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poller = new Thread(() -> poll(targets, inFlight, endToEnd, warm, polling), "arrival-poller");
            long changes = 0;
            long rounds = 0;
            long caughtUp = 0;
            long writesAtWarm = -1;
            long warmAt = 0;
            long writes;
            try (PacedWriter writer = new PacedWriter(SOURCE, rows, nextId, STEADY_RATE, inserts)) {
                nextId += 1_000_000;
                poller.start();
                while (System.nanoTime() < end) {
                    AppliedChanges applied = engine.applier.applyNext(BATCH);
                    ChangeBacklog backlog = engine.capture.backlog();
                    long now = System.nanoTime();
                    if (now > warm) {
                        if (writesAtWarm < 0) {
                            writesAtWarm = writer.writes();
                            warmAt = now;
                        } else {
                            changes += applied.changes();
                        }
                        engineLag.add((double) backlog.lagMs());
                        rounds++;
                        if (backlog.lagMs() < THRESHOLD_MS && backlog.pending() < BATCH) {
                            caughtUp++;
                        }
                    }
                    if (backlog.lagMs() == 0) {
                        Thread.sleep(50);
                    }
                }
                writes = writer.writes() - writesAtWarm;
            } finally {
                polling.set(false);
                poller.join();
            }
            double measured = (System.nanoTime() - warmAt) / 1e9;
            return new Steady(engineLag, new ArrayList<>(endToEnd), writes, changes, measured, rounds, caughtUp);
        }
    }

    private static int targetIndex(ChangeRoute route) {
        return route.targetShard().equals("s1") ? 0 : 1;
    }

    /** Every 10 ms, the newest order on each new owner: each order at or below it that was waiting has arrived now. */
    private static void poll(BenchServer server, List<ConcurrentSkipListMap<Long, Long>> inFlight, List<Double> endToEnd, long warm,
                             AtomicBoolean polling) {
        try (Connection t1 = DriverManager.getConnection(server.url(TARGETS.get(0)));
             Connection t2 = DriverManager.getConnection(server.url(TARGETS.get(1)))) {
            List<Connection> targets = List.of(t1, t2);
            List<java.sql.PreparedStatement> newest = new ArrayList<>();
            for (Connection c : targets) {
                newest.add(c.prepareStatement("SELECT coalesce(max(id), 0) FROM orders"));
            }
            while (polling.get()) {
                for (int t = 0; t < 2; t++) {
                    long max;
                    try (ResultSet r = newest.get(t).executeQuery()) {
                        r.next();
                        max = r.getLong(1);
                    }
                    long now = System.nanoTime();
                    var arrived = inFlight.get(t).headMap(max, true);
                    for (var e : arrived.entrySet()) {
                        if (e.getValue() > warm) {
                            endToEnd.add((now - e.getValue()) / 1e6);
                        }
                    }
                    arrived.clear();
                }
                Thread.sleep(10);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("polling the new owners failed", e);
        }
    }

    private static String spread(List<Double> values) {
        return String.format(Locale.ROOT, "min %,.0f / max %,.0f (%.0f %% spread)", values.stream().mapToDouble(d -> d).min().orElse(0),
                Stats.max(values), 100 * (Stats.max(values) - values.stream().mapToDouble(d -> d).min().orElse(0)) / Stats.median(values));
    }

    private static String ratios(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
