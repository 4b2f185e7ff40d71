package org.reshard.state;

import java.time.Duration;
import java.time.Instant;

/** One entry of an operation's phase history; {@code completedAt} is null while the phase runs. */
public record PhaseTiming(ReshardingPhase phase, Instant startedAt, Instant completedAt) {

    public PhaseTiming completed(Instant at) {
        return new PhaseTiming(phase, startedAt, at);
    }

    /** Time spent so far, or in total once completed. */
    public Duration duration(Instant now) {
        return Duration.between(startedAt, completedAt == null ? now : completedAt);
    }
}
