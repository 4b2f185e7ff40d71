package org.reshard.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.ErrorText;
import org.reshard.shard.ShardFailures;
import org.reshard.shard.ShardPools;
import org.reshard.topology.ShardSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the plan's statement on one shard, on its own thread: waits for a parallelism permit, borrows a
 * pooled connection, opens a read-only session (read-write when the request unlocks writes), streams the rows through a cursor of
 * {@code fetchSize} rows into the shard's {@link ShardStream}, and reports what happened.
 */
final class ShardWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardWorker.class);
    /** How long a shard that failed transiently waits before its second try (a restarting server needs a moment). */
    private static final long RETRY_PAUSE_MILLIS = 300;
    private static final java.time.Duration RECONNECT_WINDOW = java.time.Duration.ofSeconds(8);
    private static final List<ResultColumn> AFFECTED_ROWS = List.of(new ResultColumn("affected_rows", ValueType.INTEGER, "bigint"));

    private final ShardSpec shard;
    private final String sql;
    private final QueryPlan plan;
    private final ShardStream stream;
    private final ShardPools pools;
    private final Semaphore permits;
    private final int fetchSize;
    private final boolean writable;
    private final QueryListener listener;

    ShardWorker(ShardSpec shard, String sql, QueryPlan plan, ShardStream stream, ShardPools pools, Semaphore permits, QueryRequest request,
                QueryListener listener) {
        this.shard = shard;
        this.sql = sql;
        this.plan = plan;
        this.stream = stream;
        this.pools = pools;
        this.permits = permits;
        this.fetchSize = request.fetchSize();
        this.writable = request.allowWrites();
        this.listener = listener;
    }

    @Override
    public void run() {
        boolean permitted = false;
        try {
            permitted = awaitPermit();
            if (permitted) {
                stream.started();
                notify(() -> listener.shardStarted(shard.id()));
                runOnShard();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.fail(QueryErrors.cancelled(shard.id()));
        } catch (RuntimeException e) {
            LOG.warn("query on shard {} failed", shard.id(), e);
            stream.fail(ReshardError.of(ErrorCode.QUERY_FAILED, "shard " + shard.id() + ": " + ErrorText.of(e)));
        } finally {
            stream.finished();
            ShardReport report = stream.report();
            notify(() -> listener.shardFinished(report));
            // Released last, so a listener never sees more shards running than the parallelism allows.
            if (permitted) {
                permits.release();
            }
        }
    }

    private boolean awaitPermit() throws InterruptedException {
        while (stream.stopReason() == null) {
            if (permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the statement; a transient failure (connection refused or reset, server shutting down, serialization
     * failure, deadlock, lock timeout) before the shard delivered any row is tried once more, after a short pause,
     * unless the query was stopped meanwhile (timeout, cancel). A write is tried again only when the shard could
     * not be reached at all (nothing ran).
     */
    private void runOnShard() throws InterruptedException {
        SQLException first = attempt();
        if (first == null) {
            return;
        }
        boolean nothingRan = first instanceof NotConnected;
        if (stream.stopReason() == null && stream.rowsRead() == 0 && ShardFailures.isTransient(first)
                && (nothingRan || !(plan instanceof QueryPlan.Write))) {
            String why = describe(first);
            LOG.info("shard {}: {}; trying once more", shard.id(), why);
            LOG.debug("shard {} failed transiently", shard.id(), first);
            stream.retrying(why);
            if (nothingRan || ShardFailures.isConnectionFailure(first)) {
                // The other pooled connections to a restarted server are dead too; the retry must not borrow one.
                pools.forgetConnections(shard.id());
            }
            // One more run of the statement; while the shard cannot even be connected to (a server still
            // restarting), connecting is tried again for a few seconds, since nothing has run there yet.
            long giveUp = System.nanoTime() + RECONNECT_WINDOW.toNanos();
            do {
                Thread.sleep(RETRY_PAUSE_MILLIS);
                if (stream.stopReason() != null) {
                    break;
                }
                SQLException again = attempt();
                if (again == null) {
                    return;
                }
                first = again;
                nothingRan = again instanceof NotConnected;
            } while (stream.rowsRead() == 0 && (nothingRan || ShardFailures.isConnectionFailure(first)) && System.nanoTime() < giveUp);
        }
        // A statement the engine stopped fails with the stop's error, recorded already; anything else is the database's answer.
        if (stream.stopReason() == null) {
            LOG.debug("shard {} failed", shard.id(), first);
            stream.fail(nothingRan || ShardFailures.isConnectionFailure(first) ? ShardPools.unreachable(shard, nothingRan ? first.getCause() : first)
                    : QueryErrors.failed(shard.id(), first));
        }
    }

    /** One try: null when the shard delivered its answer, else what failed (a {@link NotConnected} when no connection was had). */
    private SQLException attempt() throws InterruptedException {
        Connection connection;
        try {
            connection = pools.connection(shard.id());
        } catch (SQLException e) {
            return new NotConnected(e);
        }
        try (connection) {
            runStatement(connection);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static String describe(SQLException e) {
        Throwable cause = e instanceof NotConnected ? e.getCause() : e;
        String state = ShardFailures.sqlState(cause);
        return "first try failed" + (state == null ? "" : " (SQLState " + state + ")") + ": " + ErrorText.of(cause);
    }

    /** The shard could not be reached: no statement ran. */
    private static final class NotConnected extends SQLException {
        NotConnected(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
        }
    }

    private void runStatement(Connection connection) throws SQLException, InterruptedException {
        boolean writes = plan instanceof QueryPlan.Write;
        try (ShardSession session = ShardSession.open(pools, connection, shard, writable);
             Statement statement = connection.createStatement()) {
            statement.setFetchSize(fetchSize);
            if (!stream.register(statement)) {
                return;
            }
            try {
                boolean rows = statement.execute(sql);
                if (writes) {
                    long affected = rows ? count(statement.getResultSet()) : Math.max(0, statement.getUpdateCount());
                    session.commit();
                    stream.columns(AFFECTED_ROWS);
                    stream.offer(new Object[] {affected});
                } else if (rows) {
                    stream(statement.getResultSet());
                    if (writable) {
                        session.commit();
                    }
                } else {
                    stream.fail(ReshardError.of(ErrorCode.QUERY_FAILED, "shard " + shard.id() + " returned no rows for the query"));
                }
                stream.end();
            } finally {
                stream.unregister();
            }
        }
    }

    private void stream(ResultSet rs) throws SQLException, InterruptedException {
        try (rs) {
            JdbcValues values = JdbcValues.of(rs.getMetaData());
            stream.columns(values.columns());
            while (rs.next()) {
                if (!stream.offer(values.read(rs))) {
                    return;
                }
            }
        }
    }

    private static long count(ResultSet rs) throws SQLException {
        long rows = 0;
        try (rs) {
            while (rs.next()) {
                rows++;
            }
        }
        return rows;
    }

    private void notify(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.warn("a query listener failed for shard {}", shard.id(), e);
        }
    }
}
