package org.reshard.query;

import java.time.Duration;
import java.util.List;

/** Stops a running query's shards: on the caller's cancel, at the timeout, or when the merge needs no more rows. */
final class QueryControl {

    private final Duration timeout;
    private volatile List<ShardStream> streams = List.of();
    private volatile StopReason stopped;
    private volatile boolean cancelled;
    private final List<Runnable> stopHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    QueryControl(Duration timeout) {
        this.timeout = timeout;
    }

    /** The shards to stop; a stop requested before they exist applies to them at once. */
    void attach(List<ShardStream> shardStreams) {
        streams = List.copyOf(shardStreams);
        StopReason reason = stopped;
        if (reason != null) {
            stop(reason);
        }
    }

    /** Stops every shard that is still running; the first reason is the one reported. */
    void stop(StopReason reason) {
        synchronized (this) {
            if (stopped == null) {
                stopped = reason;
            }
            cancelled |= reason == StopReason.CANCELLED;
        }
        streams.forEach(s -> s.stop(reason, timeout));
        stopHooks.forEach(Runnable::run);
    }

    /** Runs {@code hook} on every stop (federated queries stop their shard statements so); at once when already stopped. */
    void onStop(Runnable hook) {
        stopHooks.add(hook);
        if (stopped != null) {
            hook.run();
        }
    }

    /** Cancels again the statements of shards still busy, for a cancel that reached a server before its statement did. */
    void repeatCancel() {
        streams.stream().filter(s -> !s.isFinished()).forEach(ShardStream::cancelStatement);
    }

    /**
     * Readies the control for another attempt on other shards after the last one ended by itself ({@link StopReason#DONE},
     * which every run sets when it finishes); false, and nothing changes, when the caller cancelled or time ran out.
     */
    synchronized boolean retry() {
        if (cancelled || stopped != null && stopped != StopReason.DONE) {
            return false;
        }
        stopped = null;
        return true;
    }

    StopReason stopped() {
        return stopped;
    }

    boolean allFinished() {
        return streams.stream().allMatch(ShardStream::isFinished);
    }
}
