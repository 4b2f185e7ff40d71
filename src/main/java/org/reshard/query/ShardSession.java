package org.reshard.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.reshard.shard.ShardPools;
import org.reshard.topology.ShardSpec;

/**
 * A pooled shard connection set up for one query and restored before it returns to the pool.
 * Read-only by default: PostgreSQL runs the statement in a READ ONLY transaction (autocommit off, which
 * its cursors need too); SQLite sets {@code PRAGMA query_only}, staying in autocommit so the read takes
 * no write lock (the pool's connections begin IMMEDIATE transactions, which would block writers).
 * Writes, once unlocked, run in one transaction per shard, committed by {@link #commit()}.
 */
final class ShardSession implements AutoCloseable {

    private final ShardPools pools;
    private final Connection connection;
    private final ShardSpec shard;
    private final boolean writable;

    private ShardSession(ShardPools pools, Connection connection, ShardSpec shard, boolean writable) {
        this.pools = pools;
        this.connection = connection;
        this.shard = shard;
        this.writable = writable;
    }

    /** Sets up {@code connection}, borrowed from {@code pools}, which takes it back out of service if it cannot be restored. */
    static ShardSession open(ShardPools pools, Connection connection, ShardSpec shard, boolean writable) throws SQLException {
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
        return new ShardSession(pools, connection, shard, writable);
    }

    void commit() throws SQLException {
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        boolean sqlite = shard.isSqlite();
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
            pools.evict(shard.id(), connection);
            throw e;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
