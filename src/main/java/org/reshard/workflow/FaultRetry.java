package org.reshard.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.reshard.state.StoredError;
import org.reshard.state.Waiting;

/**
 * When a phase tries again after a transient fault: exponential backoff from 1 s, doubling to at most 30 s,
 * with ±20 % jitter (so several operations do not knock on a restarted server in step), within the
 * {@code --retry-for} budget. A run of faults starts afresh once an attempt made progress (saved a checkpoint).
 */
final class FaultRetry {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    private static final double JITTER = 0.2;

    private final Duration budget;
    private final Clock clock;
    private final RandomGenerator random;
    private Instant since;
    private int attempt;
    private long savesAtAttempt = -1;

    FaultRetry(Duration budget, Clock clock, RandomGenerator random) {
        this.budget = budget;
        this.clock = clock;
        this.random = random;
    }

    Duration budget() {
        return budget;
    }

    /** When the current run of faults began, or null. */
    Instant since() {
        return since;
    }

    /**
     * The wait before the next attempt, or empty when the budget is spent. {@code saves} is how many times the
     * operation saved its state so far: more than at the last attempt means that attempt made progress.
     */
    Optional<Waiting> next(TransientFault fault, String address, long saves) {
        Instant now = clock.instant();
        if (since == null || saves > savesAtAttempt) {
            since = now;
            attempt = 0;
        }
        Instant giveUpAt = since.plus(budget);
        if (!now.isBefore(giveUpAt)) {
            return Optional.empty();
        }
        attempt++;
        Duration delay = delay(attempt);
        Instant at = now.plus(delay).isAfter(giveUpAt) ? giveUpAt : now.plus(delay);
        return Optional.of(new Waiting(fault.shard(), address, fault.reason(), StoredError.of(fault.error()), since, at, attempt, giveUpAt));
    }

    /** The attempt starts now; {@code saves} is the count it must pass to count as progress. */
    void attempting(long saves) {
        savesAtAttempt = saves;
    }

    /** The phase completed: the next fault starts a new run. */
    void reset() {
        since = null;
        attempt = 0;
        savesAtAttempt = -1;
    }

    /** The n-th retry's delay: 1 s, 2 s, 4 s … at most 30 s, each ±20 %. */
    Duration delay(int n) {
        long base = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << Math.min(n - 1, 20));
        double factor = 1 - JITTER + 2 * JITTER * random.nextDouble();
        return Duration.ofMillis(Math.round(base * factor));
    }
}
