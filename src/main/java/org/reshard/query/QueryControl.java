package org.reshard.query;

import java.time.Duration;
import java.util.List;

/** Stops a running query's shards: on the caller's cancel, at the timeout, or when the merge needs no more rows. */
final class QueryControl {

    private final Duration timeout;
    private volatile List<ShardStream> streams = List.of();
    private volatile StopReason stopped;

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
        }
        streams.forEach(s -> s.stop(reason, timeout));
    }

    /** Cancels again the statements of shards still busy, for a cancel that reached a server before its statement did. */
    void repeatCancel() {
        streams.stream().filter(s -> !s.isFinished()).forEach(ShardStream::cancelStatement);
    }

    StopReason stopped() {
        return stopped;
    }

    boolean allFinished() {
        return streams.stream().allMatch(ShardStream::isFinished);
    }
}
