package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.reshard.plan.Planner;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.PhaseTiming;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.TestTelemetry;
import org.reshard.topology.Topology;
import org.reshard.workflow.CutoverGate;
import org.reshard.workflow.OperationControl;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.ReshardingOrchestrator;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/** Runs a real resharding operation, from a fresh state file and registry, up to and including a phase. */
public final class BenchRun {

    /** With {@code -Dbench.trace=true} every event of the operation is printed with the seconds since it started. */
    private static final boolean TRACE = Boolean.getBoolean("bench.trace");

    private BenchRun() {
    }

    /** Seconds each phase took, for the phases that ran. */
    public record Timings(Map<ReshardingPhase, Double> seconds, ReshardingOutcome outcome) {

        public double of(ReshardingPhase phase) {
            Double value = seconds.get(phase);
            if (value == null) {
                throw new IllegalStateException(phase + " did not complete: " + outcome);
            }
            return value;
        }
    }

    public static ReshardingPlan plan(Topology from, Topology to) {
        return new Planner().plan(new ReshardingRequest(from, to)).orElseThrow();
    }

    /** Runs {@code plan} and stops once {@code last} completes (null: runs to the end). */
    public static Timings until(Path dir, ReshardingPlan plan, ReshardingOptions options, ReshardingPhase last, ReshardingListener more)
            throws Exception {
        return until(dir, plan, options, last, more, true);
    }

    /** As above; {@code freshRegistry} false keeps a registry the caller prepared (with the old topology in it). */
    public static Timings until(Path dir, ReshardingPlan plan, ReshardingOptions options, ReshardingPhase last, ReshardingListener more,
                                boolean freshRegistry) throws Exception {
        if (freshRegistry) {
            Files.deleteIfExists(dir.resolve("registry.db"));
        }
        Path state = dir.resolve("state-" + System.nanoTime() + ".db");
        try (SqliteStateStore store = SqliteStateStore.open(state).orElseThrow()) {
            OperationControl control = new OperationControl();
            long started = System.nanoTime();
            ReshardingListener listener = new ReshardingListener() {
                @Override
                public void phaseStarted(String id, ReshardingPhase phase) {
                    more.phaseStarted(id, phase);
                }

                @Override
                public void phaseCompleted(String id, ReshardingPhase phase, Duration took) {
                    more.phaseCompleted(id, phase, took);
                    if (phase == last) {
                        control.requestStop("the benchmark measured " + phase);
                    }
                }

                @Override
                public void event(String id, String message) {
                    more.event(id, message);
                    if (TRACE) {
                        System.out.printf(java.util.Locale.ROOT, "%8.3f s  %s%n", (System.nanoTime() - started) / 1e9, message);
                    }
                }
            };
            ReshardingOutcome outcome = new ReshardingOrchestrator(store, new TestTelemetry().telemetry())
                    .execute(plan, options, new RunHooks(listener, CutoverGate.approveAlways(), control)).orElseThrow();
            Map<ReshardingPhase, Double> seconds = new EnumMap<>(ReshardingPhase.class);
            for (PhaseTiming timing : outcome.state().history()) {
                if (timing.completedAt() != null) {
                    seconds.put(timing.phase(), timing.duration(timing.completedAt()).toNanos() / 1e9);
                }
            }
            return new Timings(seconds, outcome);
        }
    }
}
