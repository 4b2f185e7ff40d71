package org.reshard.workflow;

/** Unwinds a phase at a checkpoint when a stop was requested or the gate deferred; the state is already saved. */
final class OperationStopped extends RuntimeException {

    private final boolean atGate;

    OperationStopped(String reason, boolean atGate) {
        super(reason, null, false, false);
        this.atGate = atGate;
    }

    boolean atGate() {
        return atGate;
    }
}
