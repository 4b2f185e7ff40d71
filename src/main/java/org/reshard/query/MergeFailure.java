package org.reshard.query;

import org.reshard.common.ReshardError;

/** Thrown by a merge that cannot produce a correct result (a shard's order that cannot be reproduced, division by zero). */
final class MergeFailure extends RuntimeException {

    private final transient ReshardError error;

    MergeFailure(ReshardError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ReshardError error() {
        return error;
    }
}
