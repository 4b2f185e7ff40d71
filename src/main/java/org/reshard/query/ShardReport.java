package org.reshard.query;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.reshard.common.ReshardError;

/**
 * What one shard did: rows it delivered to the merge, time it took, its error (null when it succeeded), and
 * {@code retry}: why its statement was run a second time (a transient failure before it delivered any row), or null.
 */
public record ShardReport(String shardId, long rows, Duration elapsed, ReshardError error, String retry) {

    public ShardReport {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public ShardReport(String shardId, long rows, Duration elapsed, ReshardError error) {
        this(shardId, rows, elapsed, error, null);
    }

    /** True when the shard's first try failed transiently and the statement ran again. */
    public boolean retried() {
        return retry != null;
    }

    public boolean failed() {
        return error != null;
    }

    public Optional<ReshardError> failure() {
        return Optional.ofNullable(error);
    }
}
