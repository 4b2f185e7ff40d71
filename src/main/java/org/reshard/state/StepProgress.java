package org.reshard.state;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A plan step's checkpoint: rows copied and the primary key of the last copied row (the keyset
 * cursor, a JSON array in key-column order), change capture counters and the verification outcome.
 *
 * @param targetTableCreated true when this operation created the target table, so a rollback drops it
 * @param rowsReversed       rows written to the target after cutover and applied back to the source (reverse replication)
 * @param reverseLagMs       age of the oldest reverse change not yet applied back to the source
 */
public record StepProgress(int index, long rowsCopied, JsonNode copyCursor, boolean copyDone, long rowsReplicated,
                           long lagMs, Verification verification, boolean targetTableCreated, long rowsReversed,
                           long reverseLagMs) {

    public StepProgress {
        copyCursor = CanonicalJson.of(copyCursor);
    }

    /** A step before any work. */
    public static StepProgress start(int index) {
        return new StepProgress(index, 0, null, false, 0, 0, null, false, 0, 0);
    }

    public StepProgress withCopied(long rows, JsonNode cursor) {
        return new StepProgress(index, rows, cursor, copyDone, rowsReplicated, lagMs, verification, targetTableCreated, rowsReversed, reverseLagMs);
    }

    public StepProgress withCopyDone() {
        return new StepProgress(index, rowsCopied, copyCursor, true, rowsReplicated, lagMs, verification, targetTableCreated, rowsReversed, reverseLagMs);
    }

    public StepProgress withReplication(long replicated, long lag) {
        return new StepProgress(index, rowsCopied, copyCursor, copyDone, replicated, lag, verification, targetTableCreated, rowsReversed, reverseLagMs);
    }

    public StepProgress withVerification(Verification outcome) {
        return new StepProgress(index, rowsCopied, copyCursor, copyDone, rowsReplicated, lagMs, outcome, targetTableCreated, rowsReversed, reverseLagMs);
    }

    public StepProgress withReverse(long reversed, long lag) {
        return new StepProgress(index, rowsCopied, copyCursor, copyDone, rowsReplicated, lagMs, verification, targetTableCreated, reversed, lag);
    }

    public StepProgress withTargetTableCreated() {
        return new StepProgress(index, rowsCopied, copyCursor, copyDone, rowsReplicated, lagMs, verification, true, rowsReversed, reverseLagMs);
    }
}
