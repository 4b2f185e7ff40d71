package org.reshard.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reshard.common.Result;
import org.reshard.state.PhaseTiming;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.ReshardingStateStore;
import org.reshard.state.RollbackStatus;
import org.reshard.topology.Topology;

/**
 * Is resharding healthy? Healthy when nothing is active; Degraded while operations progress within
 * {@code maxDuration}; Unhealthy for a failed operation that was not rolled back, an operation running
 * longer than {@code maxDuration}, a reshard replication slot that no active operation owns ({@link OrphanSlots}),
 * a state store that cannot be read, or a check that did not finish within {@code timeout}. Time spent waiting
 * out the retention period does not count as running.
 */
public final class ReshardingHealthCheck {

    public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final ReshardingStateStore store;
    private final Duration maxDuration;
    private final Duration timeout;
    private final Clock clock;
    private final List<Topology> topologies;

    public ReshardingHealthCheck(ReshardingStateStore store) {
        this(store, DEFAULT_MAX_DURATION, DEFAULT_TIMEOUT, Clock.systemUTC());
    }

    public ReshardingHealthCheck(ReshardingStateStore store, Duration maxDuration, Duration timeout, Clock clock) {
        this(store, maxDuration, timeout, clock, List.of());
    }

    /** A check that also looks for orphan replication slots on the shards of {@code topologies} (the console's loaded ones). */
    public ReshardingHealthCheck(ReshardingStateStore store, Duration maxDuration, Duration timeout, Clock clock,
                                 List<Topology> topologies) {
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be more than 0, was " + maxDuration);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be more than 0, was " + timeout);
        }
        this.store = store;
        this.maxDuration = maxDuration;
        this.timeout = timeout;
        this.clock = clock;
        this.topologies = List.copyOf(topologies);
    }

    /** The active operations, and the slots on the shards of every operation that none of them owns. */
    private record Reading(List<ReshardingState> active, OrphanSlots.Scan slots) {
    }

    private Result<Reading> read() {
        return store.listActive().flatMap(active -> store.list().map(all -> new Reading(active, OrphanSlots.find(all, topologies))));
    }

    public HealthReport check() {
        // Its own thread, not the common pool: the read blocks on the state file and on every shard, and a check that
        // timed out must not hold up the next one (the common pool has one thread on a two-core machine).
        CompletableFuture<Result<Reading>> read = CompletableFuture.supplyAsync(this::read,
                task -> Thread.ofVirtual().name("reshard-health").start(task));
        try {
            return switch (read.get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                case Result.Ok<Reading> ok -> assess(ok.value().active(), ok.value().slots());
                case Result.Failure<Reading> failure -> unhealthy("the state store cannot be read: "
                        + failure.error().message(), failure.error().message());
            };
        } catch (TimeoutException e) {
            read.cancel(true);
            return unhealthy("the health check did not finish within " + timeout.toSeconds() + " s", "timed out after " + timeout);
        } catch (ExecutionException e) {
            return unhealthy("the state store cannot be read: " + e.getCause(), String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unhealthy("the health check was interrupted", "interrupted");
        }
    }

    private HealthReport assess(List<ReshardingState> active, OrphanSlots.Scan slots) {
        Instant now = clock.instant();
        List<String> failed = new ArrayList<>();
        List<String> overdue = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        List<Map<String, Object>> operations = new ArrayList<>();
        int inProgress = 0;
        for (ReshardingState state : active) {
            Duration running = runningTime(state, now);
            boolean isFailed = state.phase() == ReshardingPhase.FAILED && state.rollback() != RollbackStatus.DONE;
            if (isFailed) {
                failed.add(state.id());
            } else {
                inProgress++;
                if (running.compareTo(maxDuration) > 0) {
                    overdue.add(state.id());
                }
            }
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("id", state.id());
            operation.put("phase", state.phase().label());
            operation.put("startedAt", state.createdAt().toString());
            operation.put("runningMs", running.toMillis());
            if (state.failure() != null) {
                operation.put("error", state.failure().code());
            }
            if (state.publishedVersion() != null && state.phase() == ReshardingPhase.CLEANING_UP) {
                // The way back: how far the old owners' copies trail the new owners, and until when a switch back is possible.
                operation.put("reverseLagMs", state.steps().stream().mapToLong(s -> s.reverseLagMs()).max().orElse(0));
                operation.put("switchBackUntil", state.cleanupNotBefore() == null ? null : state.cleanupNotBefore().toString());
            }
            if (state.waiting() != null) {
                Map<String, Object> wait = new LinkedHashMap<>();
                wait.put("shard", state.waiting().shardOrRegistry());
                wait.put("error", state.waiting().error().code());
                wait.put("reason", state.waiting().reason());
                wait.put("since", state.waiting().since().toString());
                wait.put("nextAttemptAt", state.waiting().nextAttemptAt().toString());
                operation.put("waiting", wait);
                waiting.add(state.id() + " waits for " + state.waiting().what() + " (" + state.waiting().reason() + ", since "
                        + state.waiting().since() + ")");
            }
            operations.add(operation);
        }
        Map<String, Object> data = data(active.size(), inProgress, failed, overdue, operations, "");
        data.put("orphanSlots", slots.orphans().stream().map(OrphanSlots.Orphan::toData).toList());
        data.put("slotChecksSkipped", slots.unchecked());
        if (!failed.isEmpty() || !overdue.isEmpty() || !slots.orphans().isEmpty()) {
            List<String> reasons = new ArrayList<>();
            if (!failed.isEmpty()) {
                reasons.add(failed.size() + " failed without rollback (" + String.join(", ", failed) + ")");
            }
            if (!overdue.isEmpty()) {
                reasons.add(overdue.size() + " running longer than " + maxDuration.toMinutes() + " min (" + String.join(", ", overdue) + ")");
            }
            slots.orphans().forEach(orphan -> reasons.add(orphan.describe()));
            return new HealthReport(HealthStatus.UNHEALTHY, "resharding needs attention: " + String.join("; ", reasons), data);
        }
        if (active.isEmpty()) {
            return new HealthReport(HealthStatus.HEALTHY, "no resharding is active", data);
        }
        if (!waiting.isEmpty()) {
            return new HealthReport(HealthStatus.DEGRADED, "resharding rides out a transient fault: " + String.join("; ", waiting), data);
        }
        return new HealthReport(HealthStatus.DEGRADED, active.size() + " resharding operation" + (active.size() == 1 ? "" : "s")
                + " in progress within " + maxDuration.toMinutes() + " min", data);
    }

    /** Time since the operation started, minus the time spent waiting for the retention period to end. */
    private static Duration runningTime(ReshardingState state, Instant now) {
        Duration running = Duration.between(state.createdAt(), now);
        if (state.cleanupNotBefore() == null) {
            return running;
        }
        Instant waitStart = state.history().stream().filter(t -> t.phase() == ReshardingPhase.CLEANING_UP)
                .map(PhaseTiming::startedAt).findFirst().orElse(now);
        Instant waitEnd = now.isBefore(state.cleanupNotBefore()) ? now : state.cleanupNotBefore();
        Duration waiting = Duration.between(waitStart, waitEnd);
        return waiting.isNegative() ? running : running.minus(waiting);
    }

    /** No state file exists: no operation ever ran here, which is healthy. */
    public static HealthReport noStateFile(String file) {
        return new HealthReport(HealthStatus.HEALTHY, "no resharding has run with state file " + file,
                data(0, 0, List.of(), List.of(), List.of(), ""));
    }

    /** The state file exists but cannot be opened. */
    public static HealthReport unreadableStateFile(String message) {
        return unhealthy("the state store cannot be read: " + message, message);
    }

    private static HealthReport unhealthy(String description, String error) {
        return new HealthReport(HealthStatus.UNHEALTHY, description, data(0, 0, List.of(), List.of(), List.of(), error));
    }

    private static Map<String, Object> data(int activeCount, int inProgress, List<String> failed, List<String> overdue,
                                            List<Map<String, Object>> operations, String error) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activeCount", activeCount);
        data.put("inProgressCount", inProgress);
        data.put("failedCount", failed.size());
        data.put("overdueCount", overdue.size());
        data.put("failedIds", List.copyOf(failed));
        data.put("overdueIds", List.copyOf(overdue));
        data.put("activeOperations", List.copyOf(operations));
        data.put("error", error);
        data.put("orphanSlots", List.of());
        data.put("slotChecksSkipped", List.of());
        return data;
    }
}
