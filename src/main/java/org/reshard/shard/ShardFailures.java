package org.reshard.shard;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;
import org.reshard.common.ErrorCode;
import org.reshard.common.ErrorText;
import org.reshard.common.Redaction;
import org.reshard.common.ReshardError;
import org.reshard.topology.ShardSpec;

/**
 * Sorts what a shard's driver threw: a lost or refused connection ({@code reshard.shard.unreachable}),
 * a transient failure worth one more try, or a database error (named by its SQLState).
 */
public final class ShardFailures {

    /** admin_shutdown, crash_shutdown, cannot_connect_now. */
    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");
    /**
     * serialization_failure, deadlock_detected, lock_not_available, and read_only_sql_transaction (a replica that is
     * about to be promoted, or a server that failed over and came back read-only for a moment).
     */
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "55P03", "25006");
    /**
     * Messages of a connection that died without a SQLState: pgjdbc's I/O error and closed connection, and
     * HikariCP's proxy of a connection it already evicted (thrown from a rollback or a finally block, where it
     * replaces the driver's own exception).
     */
    private static final java.util.List<String> CLOSED_MESSAGES = java.util.List.of("I/O error", "Connection is closed",
            "This connection has been closed");
    /** SQLITE_BUSY and SQLITE_LOCKED (primary result codes; extended ones carry them in the low byte): the file is locked. */
    private static final Set<Integer> SQLITE_BUSY_CODES = Set.of(5, 6);

    private ShardFailures() {
    }

    /** The first SQLException in the chain, if any. */
    public static Optional<SQLException> sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    /** True when the connection was refused, lost or shut down: SQLState class 08, 57P01-03, an I/O error. */
    public static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state))) {
                    return true;
                }
                if (sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException
                        || sql instanceof SQLRecoverableException) {
                    return true;
                }
                if (sql.getMessage() != null && CLOSED_MESSAGES.stream().anyMatch(sql.getMessage()::contains)) {
                    return true;
                }
            }
            if (t instanceof ConnectException || t instanceof SocketException || t instanceof EOFException
                    || t instanceof IOException && t.getClass().getName().startsWith("java.net")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for failures that another try may not meet: a lost or refused connection, a server shutting
     * down, a serialization failure (40001), a deadlock (40P01), a lock timeout (55P03), a read-only server
     * (25006), a SQLite file locked by another process.
     */
    public static boolean isTransient(Throwable e) {
        if (isConnectionFailure(e) || isSqliteBusy(e)) {
            return true;
        }
        return sqlException(e).map(SQLException::getSQLState).filter(RETRYABLE_STATES::contains).isPresent();
    }

    /** True when a SQLite database was locked by another connection or process (SQLITE_BUSY, SQLITE_LOCKED). */
    public static boolean isSqliteBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && t.getClass().getName().startsWith("org.sqlite.")
                    && SQLITE_BUSY_CODES.contains(sql.getErrorCode() & 0xff)) {
                return true;
            }
        }
        return false;
    }

    /** The SQLState of the first SQLException in the chain, or null. */
    public static String sqlState(Throwable e) {
        return sqlException(e).map(SQLException::getSQLState).orElse(null);
    }

    /**
     * The structured cause of a shard's failure: {@code reshard.shard.unreachable} for a connection failure,
     * else {@code reshard.shard.database_error} naming the SQLState; both name the shard, neither a Java class.
     */
    public static ReshardError cause(ShardSpec shard, Throwable e) {
        if (isConnectionFailure(e)) {
            return ShardPools.unreachable(shard, e);
        }
        String state = sqlState(e);
        return ReshardError.of(ErrorCode.SHARD_DATABASE_ERROR, "shard " + shard.id() + " (" + Redaction.maskUrl(shard.url())
                + ") failed a statement" + (state == null ? "" : " (SQLState " + state + ")") + ": " + ErrorText.of(e));
    }
}
