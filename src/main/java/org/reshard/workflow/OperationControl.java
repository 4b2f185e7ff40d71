package org.reshard.workflow;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets another thread stop a running operation at its next checkpoint (pause or cancel). A stopped
 * operation is exactly as a crashed one, minus the crash: resume continues it, rollback undoes it.
 */
public final class OperationControl {

    private final AtomicReference<String> stopReason = new AtomicReference<>();

    public void requestStop(String reason) {
        stopReason.compareAndSet(null, reason);
    }

    public boolean stopRequested() {
        return stopReason.get() != null;
    }

    public String stopReason() {
        return stopReason.get();
    }
}
