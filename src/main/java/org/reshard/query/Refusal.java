package org.reshard.query;

import org.reshard.common.ReshardError;

/** Thrown inside statement analysis when a construct cannot be merged; the analyser returns its error as a value. */
final class Refusal extends RuntimeException {

    private final transient ReshardError error;

    Refusal(ReshardError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ReshardError error() {
        return error;
    }
}
