package org.reshard.state;

/** Whether an operation's changes have been undone. */
public enum RollbackStatus {
    /** No rollback was asked for. */
    NONE,
    /** A rollback started and has not finished; resuming or rolling back again continues it. */
    RUNNING,
    DONE,
    /** The last rollback attempt failed; it can be retried, every undo step is idempotent. */
    FAILED
}
