package org.reshard.workflow;

import org.reshard.common.ReshardError;
import org.reshard.state.ReshardingState;

/** How a call to execute, resume or rollback ended, with the state it left in the state file. */
public sealed interface ReshardingOutcome {

    ReshardingState state();

    /** Completed, or rolled back when a rollback was asked for. */
    record Finished(ReshardingState state) implements ReshardingOutcome {
    }

    /** Failed with an error; the state says what a rollback has to undo. */
    record Failed(ReshardingState state, ReshardError error) implements ReshardingOutcome {
    }

    /** Stopped at the cutover gate without a decision; resume asks again. */
    record StoppedAtGate(ReshardingState state, String reason) implements ReshardingOutcome {
    }

    /** Stopped on request (pause, cancel, Ctrl+C) or while waiting for the retention period; resume continues. */
    record Stopped(ReshardingState state, String reason) implements ReshardingOutcome {
    }
}
