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
import org.reshard.common.Result;
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
            stream.fail(ReshardError.of(ErrorCode.QUERY_FAILED, "shard " + shard.id() + ": " + e));
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

    private void runOnShard() throws InterruptedException {
        switch (pools.connect(shard.id())) {
            case Result.Failure<Connection> failure -> stream.fail(failure.error());
            case Result.Ok<Connection> ok -> {
                try (Connection connection = ok.value()) {
                    runStatement(connection);
                } catch (SQLException e) {
                    // A statement the engine stopped fails with the stop's error, recorded already; anything else is the database's answer.
                    if (stream.stopReason() == null) {
                        stream.fail(QueryErrors.failed(shard.id(), e));
                    }
                }
            }
        }
    }

    private void runStatement(Connection connection) throws SQLException, InterruptedException {
        boolean writes = plan instanceof QueryPlan.Write;
        try (ShardSession session = ShardSession.open(connection, shard, writable);
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
