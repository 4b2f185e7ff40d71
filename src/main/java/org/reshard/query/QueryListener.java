package org.reshard.query;

import java.time.Duration;
import org.reshard.common.Result;

/**
 * Hooks for metrics and traces; called from the engine's threads, so implementations must be thread-safe
 * and quick. An exception thrown by a hook is logged and ignored.
 */
public interface QueryListener {

    /** A listener that does nothing. */
    QueryListener NONE = new QueryListener() {
    };

    /** The query was planned and will run on these shards (pruning, reference tables); the others stay idle. */
    default void shardsChosen(ShardScope scope) {
    }

    /** The shard got its turn and starts connecting. */
    default void shardStarted(String shardId) {
    }

    /** The shard is done: its rows, elapsed time and error (null when it succeeded). */
    default void shardFinished(ShardReport report) {
    }

    /** The whole query is done, successfully or not. */
    default void queryFinished(Result<QueryResult> result, Duration elapsed) {
    }

    /** This listener, then {@code next}, for every event. */
    default QueryListener andThen(QueryListener next) {
        QueryListener first = this;
        return new QueryListener() {
            @Override
            public void shardsChosen(ShardScope scope) {
                first.shardsChosen(scope);
                next.shardsChosen(scope);
            }

            @Override
            public void shardStarted(String shardId) {
                first.shardStarted(shardId);
                next.shardStarted(shardId);
            }

            @Override
            public void shardFinished(ShardReport report) {
                first.shardFinished(report);
                next.shardFinished(report);
            }

            @Override
            public void queryFinished(Result<QueryResult> result, Duration elapsed) {
                first.queryFinished(result, elapsed);
                next.queryFinished(result, elapsed);
            }
        };
    }
}
