package org.reshard.workflow;

import java.util.Optional;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.ReshardException;
import org.reshard.shard.ShardFailures;

/**
 * A phase's failure that another attempt may not meet — a shard's server refusing or dropping connections,
 * shutting down, read-only for a moment, a serialization failure, a deadlock, a lock timeout, a locked
 * SQLite file or registry — with the shard it came from, when known.
 *
 * @param shard the failing shard's id, or null (the registry, or a shard that answers again by now)
 * @param error what failed, with its own code and a message naming the shard; never a Java class name
 */
record TransientFault(String shard, ReshardError error) {

    /** The fault, when {@code e} is transient; empty for failures another attempt would meet again. */
    static Optional<TransientFault> of(OperationContext context, Throwable e) {
        if (e instanceof PhaseFailure || e instanceof OperationStopped) {
            return Optional.empty();
        }
        Optional<ReshardError> carried = carried(e);
        boolean transientCause = ShardFailures.isTransient(e);
        if (carried.isPresent()) {
            ReshardError error = carried.get();
            boolean unreachable = error.code() == ErrorCode.SHARD_UNREACHABLE;
            if (!unreachable && !(error.code() == ErrorCode.REGISTRY_UNAVAILABLE && transientCause)) {
                return Optional.empty();
            }
            return Optional.of(new TransientFault(PhaseErrors.shardNamedBy(context, error), error));
        }
        if (!transientCause) {
            return Optional.empty();
        }
        ReshardError cause = PhaseErrors.cause(context, e);
        return Optional.of(new TransientFault(PhaseErrors.shardNamedBy(context, cause), cause));
    }

    private static Optional<ReshardError> carried(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ReshardException r) {
                return Optional.of(r.error());
            }
        }
        return Optional.empty();
    }

    /** The fault in a few words, for the progress line ("connection refused"); the full text stays in {@link #error}. */
    String reason() {
        String message = error.message().toLowerCase(java.util.Locale.ROOT);
        for (String[] known : KNOWN_REASONS) {
            if (message.contains(known[0])) {
                return known[1];
            }
        }
        String text = error.message();
        int colon = text.indexOf(": ", Math.max(0, text.indexOf(") ")));
        String reason = colon >= 0 ? text.substring(colon + 2) : text;
        int dash = reason.indexOf(" — ");
        return dash >= 0 ? reason.substring(0, dash) : reason;
    }

    /** What drivers say, in lower case, and the few words an operator reads in its place. */
    private static final String[][] KNOWN_REASONS = {
            {"refused", "connection refused"},
            {"the database system is starting up", "server starting up"},
            {"the database system is shutting down", "server shutting down"},
            {"terminating connection due to administrator command", "server shutting down"},
            {"the database system is in recovery mode", "server recovering"},
            {"read-only transaction", "server is read-only"},
            {"could not serialize", "serialization failure"},
            {"deadlock detected", "deadlock"},
            {"lock timeout", "lock timeout"},
            {"could not obtain lock", "lock timeout"},
            {"sqlite_busy", "database file locked"},
            {"database is locked", "database file locked"},
            {"i/o error", "connection lost"},
            {"connection is not available", "connection lost"},
            {"connection is closed", "connection lost"},
            {"connection was lost", "connection lost"},
    };
}
