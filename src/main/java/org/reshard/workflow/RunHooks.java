package org.reshard.workflow;

import java.util.Objects;

/** What a caller plugs into a run: who hears progress, who approves the cutover, and a handle to stop it. */
public record RunHooks(ReshardingListener listener, CutoverGate gate, OperationControl control) {

    public RunHooks {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(control, "control");
    }

    /** Hooks that approve the cutover at once and report nothing, for automation and tests. */
    public static RunHooks approving() {
        return new RunHooks(ReshardingListener.NONE, CutoverGate.approveAlways(), new OperationControl());
    }

    public RunHooks withGate(CutoverGate newGate) {
        return new RunHooks(listener, newGate, control);
    }

    public RunHooks withListener(ReshardingListener newListener) {
        return new RunHooks(newListener, gate, control);
    }
}
