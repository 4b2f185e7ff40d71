package org.reshard.workflow;

import java.time.Duration;
import org.reshard.state.ReshardingPhase;

/** Hears what an operation does; every method is called on the orchestrator's thread and must return quickly. */
public interface ReshardingListener {

    ReshardingListener NONE = new ReshardingListener() {
    };

    default void phaseStarted(String operationId, ReshardingPhase phase) {
    }

    default void phaseCompleted(String operationId, ReshardingPhase phase, Duration took) {
    }

    /** After every checkpoint (batch, apply round, verified step). */
    default void progress(OperationProgress progress) {
    }

    /** A line for the operator's log: what just happened, in words. */
    default void event(String operationId, String message) {
    }
}
