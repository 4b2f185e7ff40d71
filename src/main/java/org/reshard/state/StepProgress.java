package org.reshard.state;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A plan step's checkpoint: rows copied and the primary key of the last copied row (the keyset
 * cursor, a JSON array in key-column order), change capture counters and the verification outcome.
 *
 * @param targetTableCreated true when this operation created the target table, so a rollback drops it
 */
public record StepProgress(int index, long rowsCopied, JsonNode copyCursor, boolean copyDone, long rowsReplicated,
                           long lagMs, Verification verification, boolean targetTableCreated) {

    public StepProgress {
        copyCursor = CanonicalJson.of(copyCursor);
    }

    /** A step before any work. */
    public static StepProgress start(int index) {
        return new StepProgress(index, 0, null, false, 0, 0, null, false);
    }

    public StepProgress withCopied(long rows, JsonNode cursor) {
        return new StepProgress(index, rows, cursor, copyDone, rowsReplicated, lagMs, verification, targetTableCreated);
    }

    public StepProgress withCopyDone() {
        return new StepProgress(index, rowsCopied, copyCursor, true, rowsReplicated, lagMs, verification, targetTableCreated);
    }

    public StepProgress withReplication(long replicated, long lag) {
        return new StepProgress(index, rowsCopied, copyCursor, copyDone, replicated, lag, verification, targetTableCreated);
    }

    public StepProgress withVerification(Verification outcome) {
        return new StepProgress(index, rowsCopied, copyCursor, copyDone, rowsReplicated, lagMs, outcome, targetTableCreated);
    }

    public StepProgress withTargetTableCreated() {
        return new StepProgress(index, rowsCopied, copyCursor, copyDone, rowsReplicated, lagMs, verification, true);
    }
}
