package org.reshard.workflow;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reshard.common.Redaction;
import org.reshard.plan.CopyRate;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.StepProgress;

/**
 * The copy rate the newest completed operation against a registry achieved: rows copied over the time its
 * Copying, Replicating and Verifying phases took (every attempt, when it was resumed), which is what a plan's
 * duration estimate covers. Same registry, because it names the cluster, so its shards and their machines.
 */
final class MeasuredRate {

    private static final Set<ReshardingPhase> ESTIMATED_PHASES =
            EnumSet.of(ReshardingPhase.COPYING, ReshardingPhase.REPLICATING, ReshardingPhase.VERIFYING);

    private MeasuredRate() {
    }

    static Optional<CopyRate> latest(List<ReshardingState> operations, String registryUrl) {
        String registry = Redaction.stripUrlPassword(registryUrl);
        return operations.stream()
                .filter(s -> s.phase() == ReshardingPhase.COMPLETED && registry.equals(registryOf(s)))
                .sorted(Comparator.comparing(ReshardingState::updatedAt).reversed())
                .flatMap(s -> rateOf(s).stream())
                .findFirst();
    }

    private static Optional<CopyRate> rateOf(ReshardingState state) {
        long rows = state.steps().stream().mapToLong(StepProgress::rowsCopied).sum();
        long millis = state.history().stream()
                .filter(t -> ESTIMATED_PHASES.contains(t.phase()) && t.completedAt() != null)
                .map(t -> t.duration(t.completedAt()))
                .mapToLong(Duration::toMillis)
                .sum();
        if (rows == 0 || millis == 0) {
            return Optional.empty();
        }
        return Optional.of(CopyRate.measured(Math.max(1, rows * 1000 / millis), state.id()));
    }

    /** The registry URL as the state file stores it: inside the plan's current topology, without a password. */
    private static String registryOf(ReshardingState state) {
        var registry = state.plan().path("from").path("topology").path("registry");
        return registry.isTextual() ? registry.asText() : null;
    }
}
