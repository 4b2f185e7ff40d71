package org.reshard.workflow;

import org.reshard.common.ReshardError;

/** Ends a phase with a specific error (verification mismatch, cutover timeout…) rather than the phase's generic code. */
final class PhaseFailure extends RuntimeException {

    private final ReshardError error;

    PhaseFailure(ReshardError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ReshardError error() {
        return error;
    }
}
