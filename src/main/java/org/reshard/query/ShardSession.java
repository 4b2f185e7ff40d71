package org.reshard.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.reshard.topology.ShardSpec;
import org.sqlite.SQLiteConnection;

/**
 * A pooled shard connection set up for one query and restored before it returns to the pool.
 * Read-only by default: PostgreSQL runs the statement in a READ ONLY transaction (autocommit off, which
 * its cursors need too); SQLite sets {@code PRAGMA query_only}, staying in autocommit so the read takes
 * no write lock (the pool's connections begin IMMEDIATE transactions, which would block writers).
 * Writes, once unlocked, run in one transaction per shard, committed by {@link #commit()}.
 */
final class ShardSession implements AutoCloseable {

    private final Connection connection;
    private final boolean sqlite;
    private final boolean writable;

    private ShardSession(Connection connection, boolean sqlite, boolean writable) {
        this.connection = connection;
        this.sqlite = sqlite;
        this.writable = writable;
    }

    static ShardSession open(Connection connection, ShardSpec shard, boolean writable) throws SQLException {
        if (shard.isSqlite()) {
            if (writable) {
                connection.setAutoCommit(false);
            } else {
                connection.setAutoCommit(true);
                execute(connection, "PRAGMA query_only = 1");
            }
        } else {
            connection.setAutoCommit(false);
            connection.setReadOnly(!writable);
        }
        return new ShardSession(connection, shard.isSqlite(), writable);
    }

    void commit() throws SQLException {
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        try {
            if (writable || !sqlite) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            if (sqlite && !writable) {
                execute(connection, "PRAGMA query_only = 0");
            } else if (!sqlite) {
                connection.setReadOnly(false);
            }
        } catch (SQLException e) {
            // A connection that cannot be restored must not serve the next borrower read-only or mid-transaction.
            discard();
            throw e;
        }
    }

    private void discard() {
        try {
            if (sqlite) {
                connection.unwrap(SQLiteConnection.class).close();
            } else {
                connection.abort(Runnable::run);
            }
        } catch (SQLException ignored) {
            // Already broken; the pool's validation drops it.
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
