package org.reshard.query;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.reshard.common.ReshardError;

/**
 * The rows of one shard on their way from its worker thread (which owns the JDBC objects) to the merging
 * thread: a queue of at most a fetch size of rows, so a shard never runs further ahead than the merge
 * needs, plus the shard's columns, its end or failure, and the handle that cancels its statement.
 */
final class ShardStream {

    private static final long POLL_MILLIS = 50;
    /** Queued when the shard ends or fails, so a merge already waiting in {@link #next()} wakes at once instead of after its poll. */
    private static final Object[] WAKE = new Object[0];

    private final String shardId;
    private final BlockingQueue<Object[]> rows;
    private final ActivitySignal signal;
    private final Consumer<ShardStream> onFailure;
    private final AtomicReference<ReshardError> failure = new AtomicReference<>();
    private final Object statementLock = new Object();
    private volatile List<ResultColumn> columns;
    private volatile boolean ended;
    private volatile boolean finished;
    private volatile StopReason stopReason;
    private volatile long rowsRead;
    private volatile String retry;
    private volatile long startNanos;
    private volatile long finishNanos;
    private Statement statement;

    /** A stream holding at most {@code capacity} rows; 0 means unbounded (the merge needs every shard's rows at once). */
    ShardStream(String shardId, int capacity, ActivitySignal signal, Consumer<ShardStream> onFailure) {
        this.shardId = shardId;
        this.rows = capacity == 0 ? new LinkedBlockingQueue<>() : new ArrayBlockingQueue<>(capacity);
        this.signal = signal;
        this.onFailure = onFailure;
    }

    String shardId() {
        return shardId;
    }

    void started() {
        startNanos = System.nanoTime();
    }

    void columns(List<ResultColumn> shardColumns) {
        columns = List.copyOf(shardColumns);
        signal.signal();
    }

    /** Registers the running statement for cancelling; false when the shard was stopped already and must not run it. */
    boolean register(Statement running) {
        synchronized (statementLock) {
            if (stopReason != null) {
                return false;
            }
            statement = running;
            return true;
        }
    }

    void unregister() {
        synchronized (statementLock) {
            statement = null;
        }
    }

    /** Hands a row to the merge, waiting while the queue is full; false when the shard was stopped meanwhile. */
    boolean offer(Object[] row) throws InterruptedException {
        while (stopReason == null) {
            if (rows.offer(row, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                rowsRead++;
                signal.signal();
                return true;
            }
        }
        return false;
    }

    void end() {
        ended = true;
        wake();
    }

    /** Records the shard's error; the first error wins. */
    void fail(ReshardError error) {
        if (failure.compareAndSet(null, error)) {
            wake();
            onFailure.accept(this);
        }
    }

    void finished() {
        finishNanos = System.nanoTime();
        finished = true;
        wake();
    }

    /**
     * Tells the merge no more rows come. The marker is only needed when the queue is empty (a waiting merge);
     * when it is full the offer fails, and the merge finds the end flag once it has drained the rows.
     */
    private void wake() {
        rows.offer(WAKE);
        signal.signal();
    }

    StopReason stopReason() {
        return stopReason;
    }

    /** Stops the shard: a timeout or cancellation becomes its error unless it has already delivered every row. */
    void stop(StopReason reason, Duration timeout) {
        boolean first;
        synchronized (statementLock) {
            first = stopReason == null;
            if (first) {
                stopReason = reason;
            }
        }
        if (!first) {
            cancelStatement();
            return;
        }
        if (!ended && reason == StopReason.TIMEOUT) {
            fail(QueryErrors.timeout(shardId, timeout));
        } else if (!ended && reason == StopReason.CANCELLED) {
            fail(QueryErrors.cancelled(shardId));
        }
        cancelStatement();
    }

    /** Cancels the running statement, if any; repeated while the worker is busy, in case a cancel arrived before the statement did. */
    void cancelStatement() {
        // Cancelled under the lock the worker takes to unregister the statement: SQLite's cancel interrupts the whole
        // connection, and once the worker has moved on, it would interrupt whatever runs on it next.
        synchronized (statementLock) {
            if (statement != null) {
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException ignored) {
                    // The statement finished or its connection closed meanwhile: there is nothing left to cancel.
                }
            }
        }
    }

    boolean isFinished() {
        return finished;
    }

    /** The next row without waiting, or null when none is queued right now. */
    Object[] poll() {
        if (failure.get() != null) {
            return null;
        }
        Object[] row = rows.poll();
        return row == WAKE ? null : row;
    }

    /** True when no row will come any more: the shard failed, or ended (or its worker stopped) and its queue is drained. */
    boolean exhausted() {
        return failure.get() != null || (ended || finished) && drained();
    }

    /** Nothing but end markers left in the queue (markers are queued only after the last row). */
    private boolean drained() {
        Object[] head;
        while ((head = rows.peek()) == WAKE) {
            rows.poll();
        }
        return head == null;
    }

    /** The next row, waiting for it; null when the shard is exhausted. */
    Object[] next() throws InterruptedException {
        while (true) {
            if (failure.get() != null) {
                return null;
            }
            Object[] row = rows.poll();
            if (row != null && row != WAKE) {
                return row;
            }
            // Checked before waiting: once the shard has ended, its last call must not sit out a poll timeout.
            if ((ended || finished) && drained()) {
                return null;
            }
            row = rows.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (row != null && row != WAKE) {
                return row;
            }
        }
    }

    boolean failed() {
        return failure.get() != null;
    }

    /** Rows handed to the merge so far: a shard may only be retried before its first. */
    long rowsRead() {
        return rowsRead;
    }

    /** Notes that the shard's statement runs a second time, and why. */
    void retrying(String why) {
        retry = why;
    }

    List<ResultColumn> columnsOrNull() {
        return columns;
    }

    ShardReport report() {
        long end = finishNanos == 0 ? System.nanoTime() : finishNanos;
        Duration elapsed = startNanos == 0 ? Duration.ZERO : Duration.ofNanos(end - startNanos);
        return new ShardReport(shardId, rowsRead, elapsed, failure.get(), retry);
    }
}
