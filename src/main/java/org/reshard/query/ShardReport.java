package org.reshard.query;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.reshard.common.ReshardError;

/** What one shard did: rows it delivered to the merge, time it took, and its error (null when it succeeded). */
public record ShardReport(String shardId, long rows, Duration elapsed, ReshardError error) {

    public ShardReport {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean failed() {
        return error != null;
    }

    public Optional<ReshardError> failure() {
        return Optional.ofNullable(error);
    }
}
