package org.reshard.state;

/**
 * How change capture runs on one source, recorded at pre-flight so every later run uses the same.
 *
 * @param method    "triggers" or "logical"
 * @param reason    why, as pre-flight said it
 * @param slot      logical capture's replication slot and publication on the source, null for triggers
 * @param installed true once capture was installed: from then on a missing slot means changes may be lost
 * @param position  logical capture: the WAL position up to which changes are applied (checkpointed after each batch)
 */
public record SourceCaptureState(String method, String reason, String slot, boolean installed, long position) {

    public SourceCaptureState withInstalled(boolean value) {
        return new SourceCaptureState(method, reason, slot, value, position);
    }

    public SourceCaptureState withPosition(long next) {
        return new SourceCaptureState(method, reason, slot, installed, next);
    }
}
