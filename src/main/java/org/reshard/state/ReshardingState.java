package org.reshard.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to resume or roll back an operation after a crash: the plan and options (as JSON,
 * passwords only as {@code ${env:…}} references), the phase and its history, the checkpoint of every
 * step and of change capture, and what cutover published.
 *
 * @param capturePositions per source shard, how many captured changes have been applied to the targets so far
 * @param publishedVersion the registry version cutover published, null before cutover
 * @param cleanupNotBefore when cleanup may delete moved rows from the sources (end of the retention period)
 * @param registeredVersion the registry version this operation wrote for the old topology because the registry was empty
 * @param warnings problems that did not stop the operation, such as a cleanup step that failed
 * @param sourceSchemas per "shard/table", the source table's definition when the operation started, to detect changes
 * @param waiting what the operation waits for while it rides out a transient fault, null when it is not waiting
 * @param publishedVersions every registry version this operation published, oldest first: the cutover's, a switch
 *                          back's (the old topology again), a switch forward's; a rollback withdraws them
 * @param switchingBack true from the start of a switch back until it published the old topology or was undone
 * @param captures      per source shard, which change capture it uses and, for logical decoding, its slot and position
 */
public record ReshardingState(String id, ReshardingPhase phase, ReshardingPhase lastCompletedPhase, JsonNode plan,
                              JsonNode options, Instant createdAt, Instant updatedAt, List<PhaseTiming> history,
                              List<StepProgress> steps, Map<String, Long> capturePositions, Long publishedVersion,
                              Instant cleanupNotBefore, StoredError failure, RollbackStatus rollback,
                              StoredError rollbackError, Long registeredVersion, List<String> warnings,
                              Map<String, String> sourceSchemas, Waiting waiting, List<Long> publishedVersions,
                              boolean switchingBack, Map<String, SourceCaptureState> captures) {

    public ReshardingState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(plan, "plan");
        plan = CanonicalJson.of(plan);
        options = CanonicalJson.of(options);
        history = List.copyOf(history);
        steps = List.copyOf(steps);
        capturePositions = Map.copyOf(capturePositions);
        rollback = rollback == null ? RollbackStatus.NONE : rollback;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        sourceSchemas = sourceSchemas == null ? Map.of() : Map.copyOf(sourceSchemas);
        publishedVersions = publishedVersions == null ? List.of() : List.copyOf(publishedVersions);
        // Operations saved before logical capture existed used triggers everywhere.
        captures = captures == null ? Map.of() : Map.copyOf(captures);
    }

    /** How a source captures changes; triggers when nothing was recorded (operations saved before logical capture). */
    public Optional<SourceCaptureState> capture(String source) {
        return Optional.ofNullable(captures.get(source));
    }

    /** A new operation in Planning, with one empty checkpoint per step. */
    public static ReshardingState start(String id, JsonNode plan, JsonNode options, int stepCount, Instant now) {
        List<StepProgress> steps = new ArrayList<>();
        for (int i = 1; i <= stepCount; i++) {
            steps.add(StepProgress.start(i));
        }
        return new ReshardingState(id, ReshardingPhase.PLANNING, null, plan, options, now, now,
                List.of(new PhaseTiming(ReshardingPhase.PLANNING, now, null)), steps, Map.of(), null, null, null,
                RollbackStatus.NONE, null, null, List.of(), Map.of(), null, List.of(), false, Map.of());
    }

    /** True until the operation completed or was rolled back; only one such operation may exist. */
    @JsonIgnore
    public boolean isActive() {
        return phase != ReshardingPhase.COMPLETED && phase != ReshardingPhase.ROLLED_BACK;
    }

    public StepProgress step(int index) {
        return steps.stream().filter(s -> s.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("operation " + id + " has no step " + index));
    }

    @JsonIgnore
    public Optional<PhaseTiming> currentTiming() {
        return history.isEmpty() || history.getLast().completedAt() != null ? Optional.empty() : Optional.of(history.getLast());
    }

    public Builder edit() {
        return new Builder(this);
    }

    /** Changes a few fields of a state and builds the new one. */
    public static final class Builder {
        private final ReshardingState from;
        private ReshardingPhase phase;
        private ReshardingPhase lastCompletedPhase;
        private Instant updatedAt;
        private final List<PhaseTiming> history;
        private final List<StepProgress> steps;
        private final Map<String, Long> capturePositions;
        private Long publishedVersion;
        private Instant cleanupNotBefore;
        private StoredError failure;
        private RollbackStatus rollback;
        private StoredError rollbackError;
        private Long registeredVersion;
        private final List<String> warnings;
        private final Map<String, String> sourceSchemas;
        private Waiting waiting;
        private final List<Long> publishedVersions;
        private boolean switchingBack;
        private final Map<String, SourceCaptureState> captures;

        private Builder(ReshardingState from) {
            this.from = from;
            phase = from.phase;
            lastCompletedPhase = from.lastCompletedPhase;
            updatedAt = from.updatedAt;
            history = new ArrayList<>(from.history);
            steps = new ArrayList<>(from.steps);
            capturePositions = new LinkedHashMap<>(from.capturePositions);
            publishedVersion = from.publishedVersion;
            cleanupNotBefore = from.cleanupNotBefore;
            failure = from.failure;
            rollback = from.rollback;
            rollbackError = from.rollbackError;
            registeredVersion = from.registeredVersion;
            warnings = new ArrayList<>(from.warnings);
            sourceSchemas = new LinkedHashMap<>(from.sourceSchemas);
            waiting = from.waiting;
            publishedVersions = new ArrayList<>(from.publishedVersions);
            switchingBack = from.switchingBack;
            captures = new LinkedHashMap<>(from.captures);
        }

        /** Closes the running phase as completed and opens {@code next}. */
        public Builder advanceTo(ReshardingPhase next, Instant now) {
            closeRunningPhase(now);
            lastCompletedPhase = phase;
            return enter(next, now);
        }

        /** Opens {@code next} without marking the running phase completed (failure, rollback). */
        public Builder interruptTo(ReshardingPhase next, Instant now) {
            closeRunningPhase(now);
            return enter(next, now);
        }

        private Builder enter(ReshardingPhase next, Instant now) {
            phase = next;
            updatedAt = now;
            history.add(new PhaseTiming(next, now, next.isWorking() ? null : now));
            return this;
        }

        private void closeRunningPhase(Instant now) {
            if (!history.isEmpty() && history.getLast().completedAt() == null) {
                history.set(history.size() - 1, history.getLast().completed(now));
            }
        }

        public Builder step(StepProgress step) {
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).index() == step.index()) {
                    steps.set(i, step);
                    return this;
                }
            }
            throw new IllegalArgumentException("operation " + from.id + " has no step " + step.index());
        }

        public Builder capturePosition(String sourceShard, long changeId) {
            capturePositions.put(sourceShard, changeId);
            return this;
        }

        public Builder publishedVersion(Long version) {
            publishedVersion = version;
            return this;
        }

        public Builder cleanupNotBefore(Instant at) {
            cleanupNotBefore = at;
            return this;
        }

        public Builder failure(StoredError error) {
            failure = error;
            return this;
        }

        public Builder rollback(RollbackStatus status, StoredError error) {
            rollback = status;
            rollbackError = error;
            return this;
        }

        public Builder registeredVersion(Long version) {
            registeredVersion = version;
            return this;
        }

        public Builder warning(String text) {
            warnings.add(text);
            return this;
        }

        public Builder sourceSchema(String shardAndTable, String fingerprint) {
            sourceSchemas.put(shardAndTable, fingerprint);
            return this;
        }

        /** Records a version this operation published (also as {@link #publishedVersion} when it is the target topology). */
        public Builder published(long version) {
            publishedVersions.add(version);
            return this;
        }

        public Builder switchingBack(boolean value) {
            switchingBack = value;
            return this;
        }

        public Builder capture(String source, SourceCaptureState value) {
            captures.put(source, value);
            return this;
        }

        public Builder waiting(Waiting value) {
            waiting = value;
            return this;
        }

        public Builder updatedAt(Instant now) {
            updatedAt = now;
            return this;
        }

        public ReshardingState build() {
            return new ReshardingState(from.id, phase, lastCompletedPhase, from.plan, from.options, from.createdAt,
                    updatedAt, history, steps, capturePositions, publishedVersion, cleanupNotBefore, failure, rollback,
                    rollbackError, registeredVersion, warnings, sourceSchemas, waiting, publishedVersions, switchingBack, captures);
        }
    }
}
