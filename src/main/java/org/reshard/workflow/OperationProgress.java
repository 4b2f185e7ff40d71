package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reshard.state.PhaseTiming;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.RollbackStatus;
import org.reshard.state.StepProgress;
import org.reshard.state.StoredError;
import org.reshard.state.Verification;
import org.reshard.state.Waiting;

/**
 * An operation as the operator sees it: phase, what it is doing now, overall percent, and per step
 * rows copied, rows replicated, lag and verification. Built from the state alone, so {@code status}
 * needs neither the topology files nor their environment variables.
 *
 * @param activity      the sub-state in words, e.g. "copying orders shard-0 → shard-2"
 * @param rowsPerSecond the measured copy or apply rate, 0 when unknown
 * @param waiting       the transient fault the operation waits out before its next attempt, null when it is not waiting
 */
public record OperationProgress(String id, ReshardingPhase phase, ReshardingPhase lastCompletedPhase, String activity,
                                double overallPercent, List<StepView> steps, long lagMs, double rowsPerSecond,
                                List<PhaseTiming> history, StoredError failure, RollbackStatus rollback,
                                List<String> warnings, Instant cleanupNotBefore, Instant updatedAt, Waiting waiting) {

    /** One plan step's numbers. */
    public record StepView(int index, String table, String source, String target, long estimatedRows, long rowsCopied,
                           boolean copyDone, long rowsReplicated, long lagMs, Verification verification, long rowsReversed,
                           long reverseLagMs) {

        public double copiedFraction() {
            if (copyDone) {
                return 1.0;
            }
            return estimatedRows <= 0 ? 0 : Math.min(1.0, (double) rowsCopied / estimatedRows);
        }
    }

    /** Where each phase's share of the progress bar starts; the last entry is Completed. */
    private static final Map<ReshardingPhase, double[]> BANDS = Map.of(
            ReshardingPhase.PLANNING, new double[] {0, 2},
            ReshardingPhase.COPYING, new double[] {2, 72},
            ReshardingPhase.REPLICATING, new double[] {72, 80},
            ReshardingPhase.VERIFYING, new double[] {80, 90},
            ReshardingPhase.CUTTING_OVER, new double[] {90, 95},
            ReshardingPhase.CLEANING_UP, new double[] {95, 100});

    /** The largest reverse replication lag of any step: how far the old owners' copies trail the new owners. */
    public long reverseLagMs() {
        return steps.stream().mapToLong(StepView::reverseLagMs).max().orElse(0);
    }

    public OperationProgress {
        steps = List.copyOf(steps);
        history = List.copyOf(history);
        warnings = List.copyOf(warnings);
    }

    public static OperationProgress of(ReshardingState state, String activity, double rowsPerSecond) {
        List<StepView> steps = new ArrayList<>();
        for (JsonNode step : state.plan().get("steps")) {
            int index = step.get("index").asInt();
            StepProgress p = state.step(index);
            steps.add(new StepView(index, step.get("table").asText(), step.get("source").asText(), step.get("target").asText(),
                    step.get("estimatedRows").asLong(), p.rowsCopied(), p.copyDone(), p.rowsReplicated(), p.lagMs(), p.verification(), p.rowsReversed(), p.reverseLagMs()));
        }
        long lag = steps.stream().mapToLong(StepView::lagMs).max().orElse(0);
        return new OperationProgress(state.id(), state.phase(), state.lastCompletedPhase(), activity, percent(state, steps), steps,
                lag, rowsPerSecond, state.history(), state.failure(), state.rollback(), state.warnings(), state.cleanupNotBefore(),
                state.updatedAt(), state.waiting());
    }

    private static double percent(ReshardingState state, List<StepView> steps) {
        ReshardingPhase phase = state.phase();
        if (phase == ReshardingPhase.COMPLETED) {
            return 100;
        }
        if (!phase.isWorking()) {
            phase = state.lastCompletedPhase() == null ? ReshardingPhase.PLANNING : state.lastCompletedPhase().next();
            if (!phase.isWorking()) {
                return 100;
            }
        }
        double[] band = BANDS.get(phase);
        double within = switch (phase) {
            case COPYING -> copied(steps);
            case VERIFYING -> steps.isEmpty() ? 0 : (double) steps.stream().filter(s -> s.verification() != null).count() / steps.size();
            default -> 0;
        };
        return band[0] + (band[1] - band[0]) * within;
    }

    private static double copied(List<StepView> steps) {
        long estimated = steps.stream().mapToLong(s -> Math.max(1, s.estimatedRows())).sum();
        double done = steps.stream().mapToDouble(s -> s.copiedFraction() * Math.max(1, s.estimatedRows())).sum();
        return estimated == 0 ? 0 : done / estimated;
    }
}
