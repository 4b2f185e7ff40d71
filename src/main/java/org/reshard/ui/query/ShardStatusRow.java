package org.reshard.ui.query;

import java.time.Duration;
import org.reshard.query.ShardReport;

/** One row of the per-shard status table: state, rows delivered, time taken and the error (empty when none). */
public record ShardStatusRow(String shardId, ShardState state, long rows, Duration elapsed, String error) {

    static ShardStatusRow waiting(String shardId) {
        return new ShardStatusRow(shardId, ShardState.WAITING, 0, Duration.ZERO, "");
    }

    /** A shard the query did not need (pruned by a shard-key condition, or reference tables read elsewhere). */
    ShardStatusRow skipped(String why) {
        return new ShardStatusRow(shardId, ShardState.SKIPPED, 0, Duration.ZERO, why);
    }

    ShardStatusRow running() {
        return new ShardStatusRow(shardId, ShardState.RUNNING, 0, Duration.ZERO, "");
    }

    static ShardStatusRow of(ShardReport report) {
        return report.failure()
                .map(e -> new ShardStatusRow(report.shardId(), ShardState.FAILED, report.rows(), report.elapsed(), e.code().code() + ": " + e.message()
                        + (report.retried() ? " (after one retry)" : "")))
                .orElseGet(() -> new ShardStatusRow(report.shardId(), ShardState.DONE, report.rows(), report.elapsed(),
                        report.retried() ? "retried once — " + report.retry() : ""));
    }

    /** The time as the table shows it: "120 ms", or empty before the shard is done. */
    public String time() {
        return state == ShardState.DONE || state == ShardState.FAILED ? elapsed.toMillis() + " ms" : "";
    }
}
