package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.reshard.observe.ReshardingMetrics;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.TestTelemetry;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyRegistry;
import org.reshard.workflow.CutoverGate;
import org.reshard.workflow.OperationControl;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.ReshardingOrchestrator;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/**
 * Switch back, PostgreSQL: the write pause a registry-routed writer sees while it inserts 500 orders/s for
 * moving customers, in each of 20 runs (one shard to three, fresh databases): cutover (pause 1), about a second
 * of writes on the new owners while the operation waits out its retention with reverse replication, then
 * {@code switchBack} (pause 2). Both pauses come from the same writer in the same run, so their ratio is
 * like for like. Besides the writer's view, each pause as the engine reports it (its "paused for N ms"
 * event, the value it records in {@code reshard.cutover_duration_ms}) and the time between its activity
 * events, to show what the pause is made of. With {@code -Dbench.stacks=true} a daemon also samples the
 * operation's thread every millisecond during each pause and counts the samples by the workflow line and
 * callee it was in: a diagnostic run (sampling costs the thread a little), not the figure.
 */
public final class SwitchBackBench {

    private static final double WRITES_PER_SECOND = 500;
    private static final Duration WRITING = Duration.ofSeconds(1);
    private static final boolean STACKS = Boolean.getBoolean("bench.stacks");
    private static final boolean TRACE = Boolean.getBoolean("bench.trace");
    private static final List<String> DATABASES = List.of("bench_swb_src", "bench_swb_t1", "bench_swb_t2");
    private static final Pattern PAUSED = Pattern.compile("^(cutover|switch back): writes to the mov\\w+ ranges were paused for (\\d+) ms");

    /** An event with the nanoTime it arrived at. */
    private record Event(long nanos, String message) {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, 20);
        long rows = options.size(20_000);
        Path dir = Files.createTempDirectory("switchback-bench");
        Topology from = BenchTopologies.write(dir, "old", BenchTopologies.postgres(DATABASES.getFirst()));
        Topology to = BenchTopologies.write(dir, "new", BenchTopologies.postgres(DATABASES.toArray(String[]::new)));
        List<Long> moving = LongStream.rangeClosed(1, 400_000).filter(c -> !to.ownerOf(Long.toString(c)).equals("s0")).boxed().toList();
        List<Double> cutoverPauses = new ArrayList<>();
        List<Double> backPauses = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> cutoverEngine = new ArrayList<>();
        List<Double> backEngine = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        Map<String, List<Double>> cutoverSteps = new LinkedHashMap<>();
        Map<String, List<Double>> backSteps = new LinkedHashMap<>();
        Map<String, Long> cutoverSamples = new TreeMap<>();
        Map<String, Long> backSamples = new TreeMap<>();
        long began = System.nanoTime();
        for (int run = 0; run < options.reps(); run++) {
            for (String db : DATABASES) {
                BenchDatabases.recreate(db);
            }
            BenchDatabases.createOrders(DATABASES.getFirst(), rows, null);
            ReshardingPlan plan = BenchRun.plan(from, to);
            Files.deleteIfExists(dir.resolve("registry.db"));
            new TopologyRegistry(from.registryUrl()).publish(from, Instant.now());
            List<Event> events = new CopyOnWriteArrayList<>();
            TestTelemetry telemetry = new TestTelemetry();
            Path state = dir.resolve("state-" + run + ".db");
            CutoverWriter writer = new CutoverWriter(from.registryUrl(), moving, 10_000_000, WRITES_PER_SECOND);
            StackSampler sampler = null;
            try (SqliteStateStore store = SqliteStateStore.open(state).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store, telemetry.telemetry());
                OperationControl control = new OperationControl();
                CountDownLatch retaining = new CountDownLatch(1);
                ReshardingListener listener = listener(events, retaining, began);
                CompletableFuture<Thread> operationThread = new CompletableFuture<>();
                CompletableFuture<ReshardingOutcome> execute = CompletableFuture.supplyAsync(() -> {
                    operationThread.complete(Thread.currentThread());
                    return orchestrator.execute(plan, ReshardingOptions.DEFAULTS.withRetention(Duration.ofHours(1)),
                            new RunHooks(listener, CutoverGate.approveAlways(), control)).orElseThrow();
                });
                if (STACKS) {
                    sampler = StackSampler.start(operationThread.get(10, TimeUnit.SECONDS));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!retaining.await(50, TimeUnit.MILLISECONDS) && !execute.isDone()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("run " + (run + 1) + ": no retention after 120 s");
                    }
                }
                if (execute.isDone()) {
                    throw new IllegalStateException("run " + (run + 1) + ": the operation ended before its retention: " + execute.get());
                }
                Thread.sleep(WRITING.toMillis());
                control.requestStop("the benchmark switches back");
                ReshardingOutcome retained = execute.get(60, TimeUnit.SECONDS);
                if (retained.state().phase() != ReshardingPhase.CLEANING_UP) {
                    throw new IllegalStateException("run " + (run + 1) + ": expected to retain in CleaningUp: " + retained);
                }
                if (sampler != null) {
                    sampler.follow(Thread.currentThread());
                }
                ReshardingOutcome back = orchestrator.switchBack(plan.id(), new RunHooks(listener, CutoverGate.approveAlways(),
                        new OperationControl())).orElseThrow();
                if (back.state().phase() != ReshardingPhase.REPLICATING) {
                    throw new IllegalStateException("run " + (run + 1) + ": the switch back did not end in Replicating: " + back + "\n"
                            + events.stream().map(Event::message).collect(Collectors.joining("\n")));
                }
                Thread.sleep(300);
            } finally {
                if (sampler != null) {
                    sampler.stop();
                }
                writer.close();
            }
            List<Double> pauses = writer.pausesMs();
            if (pauses.size() != 2) {
                throw new IllegalStateException("run " + (run + 1) + ": the writer saw " + pauses.size() + " pauses, not 2: " + pauses);
            }
            cutoverPauses.add(pauses.get(0));
            backPauses.add(pauses.get(1));
            ratios.add(pauses.get(1) / pauses.get(0));
            gaps.add(writer.longestGapMs());
            Map<String, Double> engine = engineReported(events);
            cutoverEngine.add(engine.getOrDefault("cutover", Double.NaN));
            backEngine.add(engine.getOrDefault("switch back", Double.NaN));
            Map<String, Double> cutSteps = steps(events, "write pause: fencing the moving ranges", "cutover: writes");
            Map<String, Double> swbSteps = steps(events, "switch back: fencing the moved ranges on the new owners", "switch back: writes");
            cutSteps.forEach((k, v) -> cutoverSteps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            swbSteps.forEach((k, v) -> backSteps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            if (sampler != null) {
                sampler.count(window(events, "write pause: fencing the moving ranges", "cutover: writes"), cutoverSamples);
                sampler.count(window(events, "switch back: fencing the moved ranges on the new owners", "switch back: writes"), backSamples);
            }
            long histogram = telemetry.histogramCount(ReshardingMetrics.CUTOVER_DURATION_MS, null, null);
            System.out.printf(Locale.ROOT, "run %d: writer pause cutover %.0f ms, switch back %.0f ms (%.2f×); engine %.0f / %.0f ms;"
                            + " histogram values %d; longest gap between commits %.0f ms%n", run + 1, pauses.get(0), pauses.get(1),
                    ratios.getLast(), cutoverEngine.getLast(), backEngine.getLast(), histogram, gaps.getLast());
            System.out.println("    cutover steps: " + describe(cutSteps));
            System.out.println("    switch back steps: " + describe(swbSteps));
        }
        System.out.printf(Locale.ROOT, "%d runs in %.0f s%n", options.reps(), (System.nanoTime() - began) / 1e9);
        System.out.println("cutover steps, median ms: " + medians(cutoverSteps));
        System.out.println("switch back steps, median ms: " + medians(backSteps));
        if (STACKS) {
            System.out.println("cutover pause, samples (1 ms) by line and callee: " + top(cutoverSamples));
            System.out.println("switch back pause, samples (1 ms) by line and callee: " + top(backSamples));
        }
        String note = String.format(Locale.ROOT, "%d runs, %,d rows, writer 500 writes/s; engine-reported median %.0f (cutover %.0f) ms, max %.0f"
                        + " (cutover %.0f) ms; ratio median of runs %.2f×; longest gap between commits: median %.0f, max %.0f ms",
                backPauses.size(), rows, Stats.median(backEngine), Stats.median(cutoverEngine), Stats.max(backEngine),
                Stats.max(cutoverEngine), Stats.median(ratios), Stats.median(gaps), Stats.max(gaps));
        double median = Stats.median(backPauses);
        double max = Stats.max(backPauses);
        double cutMedian = Stats.median(cutoverPauses);
        double cutMax = Stats.max(cutoverPauses);
        new BenchResult("switch back write pause vs cutover's, median", BenchResult.millis(median), BenchResult.millis(cutMedian),
                median / cutMedian, "tens of ms", median < 100, note).report();
        new BenchResult("switch back write pause vs cutover's, max", BenchResult.millis(max), BenchResult.millis(cutMax),
                max / cutMax, "< 1000 ms", max < 1000, note).report();
        for (String db : DATABASES) {
            BenchDatabases.drop(db);
        }
    }

    private static ReshardingListener listener(List<Event> events, CountDownLatch retaining, long began) {
        return new ReshardingListener() {
            @Override
            public void phaseStarted(String id, ReshardingPhase phase) {
                if (phase == ReshardingPhase.CLEANING_UP) {
                    retaining.countDown();
                }
            }

            @Override
            public void event(String id, String message) {
                long now = System.nanoTime();
                events.add(new Event(now, message));
                if (TRACE) {
                    System.out.printf(Locale.ROOT, "%10.3f s  %s%n", (now - began) / 1e9, message);
                }
            }
        };
    }

    private static Map<String, Double> engineReported(List<Event> events) {
        Map<String, Double> reported = new LinkedHashMap<>();
        for (Event e : events) {
            Matcher m = PAUSED.matcher(e.message());
            if (m.find()) {
                reported.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return reported;
    }

    /** The nanoTimes of the first event starting with {@code first} and of the first after it starting with {@code last}. */
    private static long[] window(List<Event> events, String first, String last) {
        long from = -1;
        for (Event e : events) {
            if (from < 0 && e.message().startsWith(first)) {
                from = e.nanos();
            } else if (from >= 0 && e.message().startsWith(last)) {
                return new long[] {from, e.nanos()};
            }
        }
        throw new IllegalStateException("no events from '" + first + "' to '" + last + "'");
    }

    /** Milliseconds from each event of the pause to the next, named by the first, from {@code first} to the event starting with {@code last}. */
    private static Map<String, Double> steps(List<Event> events, String first, String last) {
        Map<String, Double> steps = new LinkedHashMap<>();
        Event previous = null;
        for (Event e : events) {
            if (previous == null) {
                if (e.message().startsWith(first)) {
                    previous = e;
                }
                continue;
            }
            steps.merge(label(previous.message()), (e.nanos() - previous.nanos()) / 1e6, Double::sum);
            if (e.message().startsWith(last)) {
                steps.put("total", steps.values().stream().mapToDouble(Double::doubleValue).sum());
                return steps;
            }
            previous = e;
        }
        throw new IllegalStateException("no events from '" + first + "' to '" + last + "'");
    }

    private static String label(String message) {
        String text = message.replaceFirst("^(write pause|switch back): ", "");
        return text.startsWith("publishing ") ? "publishing" : text;
    }

    private static String describe(Map<String, Double> steps) {
        return steps.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String medians(Map<String, List<Double>> steps) {
        return steps.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f (max %.1f)", e.getKey(), Stats.median(e.getValue()),
                Stats.max(e.getValue()))).collect(Collectors.joining(", "));
    }

    private static String top(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return total + " samples: " + counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .map(e -> String.format(Locale.ROOT, "%d× %s", e.getValue(), e.getKey())).collect(Collectors.joining(", "));
    }

    /** Samples one thread's stack every millisecond; {@link #follow} switches to another thread. */
    private static final class StackSampler {

        private record Sample(long nanos, String frame) {
        }

        private final List<Sample> samples = new CopyOnWriteArrayList<>();
        private volatile Thread target;
        private volatile boolean running = true;
        private Thread thread;

        static StackSampler start(Thread target) {
            StackSampler sampler = new StackSampler();
            sampler.target = target;
            sampler.thread = new Thread(sampler::loop, "switchback-sampler");
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        void follow(Thread next) {
            target = next;
        }

        private void loop() {
            while (running) {
                StackTraceElement[] stack = target.getStackTrace();
                samples.add(new Sample(System.nanoTime(), frameOf(stack)));
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        void count(long[] window, Map<String, Long> into) {
            for (Sample s : samples) {
                if (s.nanos() >= window[0] && s.nanos() <= window[1]) {
                    into.merge(s.frame(), 1L, Long::sum);
                }
            }
        }

        /** "SwitchBack.run:74 → ReverseReplication.drain:83 > the innermost frame of ours" (line numbers tell the statement). */
        private static String frameOf(StackTraceElement[] stack) {
            for (int i = 0; i < stack.length; i++) {
                StackTraceElement f = stack[i];
                boolean pause = (f.getClassName().endsWith(".SwitchBack") && f.getMethodName().equals("run"))
                        || (f.getClassName().endsWith(".CutoverPhase") && f.getMethodName().equals("pauseAndPublish"));
                if (pause) {
                    String callee = i > 0 ? shortName(stack[i - 1]) + ":" + stack[i - 1].getLineNumber() : "(self)";
                    String inner = "";
                    for (int j = 0; j < i - 1; j++) {
                        if (stack[j].getClassName().startsWith("org.reshard.")) {
                            inner = " > " + shortName(stack[j]);
                            break;
                        }
                    }
                    return shortName(f) + ":" + f.getLineNumber() + " → " + callee + inner;
                }
            }
            return "(outside the pause code)";
        }

        private static String shortName(StackTraceElement frame) {
            String cls = frame.getClassName();
            return cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethodName();
        }
    }
}
