package org.reshard.query;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;

/** The errors of scatter-gather queries, each naming the shard or the construct and what to do. */
final class QueryErrors {

    private static final String UNLOCK = "writes are locked: queries run in read-only transactions unless unlocked"
            + " with --allow-writes (QueryRequest.withWritesAllowed(true))";

    private QueryErrors() {
    }

    static ReshardError unsupported(String construct, String why, String whatToDo) {
        return ReshardError.of(ErrorCode.QUERY_UNSUPPORTED,
                construct + " cannot be merged exactly across shards: " + why + " — " + whatToDo);
    }

    static ReshardError writeLocked(String statementKind) {
        return ReshardError.of(ErrorCode.QUERY_UNSUPPORTED, statementKind + " changes data; " + UNLOCK);
    }

    static ReshardError timeout(String shardId, Duration timeout) {
        return ReshardError.of(ErrorCode.QUERY_TIMEOUT, "shard " + shardId + " did not finish within " + describe(timeout)
                + "; its statement was cancelled — raise the timeout (--timeout) or narrow the query");
    }

    static ReshardError cancelled(String shardId) {
        return ReshardError.of(ErrorCode.QUERY_CANCELLED, "shard " + shardId + ": the query was cancelled; its statement was stopped");
    }

    static ReshardError queryCancelled() {
        return ReshardError.of(ErrorCode.QUERY_CANCELLED, "the query was cancelled; every shard's statement was stopped");
    }

    /** The database rejected or failed the statement; a read-only violation says how to unlock writes. */
    static ReshardError failed(String shardId, SQLException e) {
        String message = org.reshard.common.ErrorText.of(e);
        String hint = isReadOnlyViolation(e) ? " — " + UNLOCK : " — fix the statement and run it again";
        return ReshardError.of(ErrorCode.QUERY_FAILED, "shard " + shardId + " rejected the query: " + message + hint);
    }

    /** A literal the database would reject, found in a part of the statement the merge evaluates (HAVING, ORDER BY, outer expressions). */
    static ReshardError invalidLiteral(String databaseMessage) {
        return ReshardError.of(ErrorCode.QUERY_FAILED, databaseMessage
                + " — PostgreSQL rejects this literal, and so does reshard, which evaluates that part of the statement after the merge;"
                + " fix the statement and run it again");
    }

    /** A literal the database may accept in a form the merge cannot read. */
    static ReshardError unreadableLiteral(String literal, String type, String why) {
        return unsupported("the literal '" + literal + "' typed as " + type,
                "reshard evaluates that part of the statement after the merge and " + why,
                "cast the literal in the statement (CAST('" + literal + "' AS " + type + ")), which the shards then evaluate");
    }

    static ReshardError mergeFailed(String what) {
        return ReshardError.of(ErrorCode.QUERY_FAILED, "merging the shards' results failed: " + what);
    }

    static ReshardError partialFailure(List<ShardReport> failed, int shards) {
        List<String> details = failed.stream().map(r -> r.shardId() + ": " + r.error().code().code() + ": " + r.error().message()).toList();
        return new ReshardError(ErrorCode.QUERY_PARTIAL_FAILURE,
                failed.size() + " of " + shards + " shards failed and partial results are not allowed"
                        + " — fix or leave out the failed shards (--shards), or allow partial results",
                details, failed.getFirst().error());
    }

    static ReshardError everyShardFailed(List<ShardReport> failed) {
        ReshardError first = failed.getFirst().error();
        boolean sameCode = failed.stream().allMatch(r -> r.error().code() == first.code());
        List<String> details = failed.stream().map(r -> r.shardId() + ": " + r.error().message()).toList();
        return new ReshardError(sameCode ? first.code() : ErrorCode.QUERY_PARTIAL_FAILURE,
                (failed.size() == 1 ? "the only shard failed: " : "every shard failed; the first: ") + first.message(), details, null);
    }

    private static boolean isReadOnlyViolation(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // 25006: read_only_sql_transaction (PostgreSQL); SQLite reports query_only as a read-only database.
        return "25006".equals(e.getSQLState()) || message.contains("read-only transaction") || message.contains("readonly database")
                || message.contains("sqlite_readonly");
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** A federated query passed its memory budget while {@code what} grew. */
    static ReshardError tooLarge(String what, long limitBytes) {
        return ReshardError.of(ErrorCode.QUERY_TOO_LARGE, "the federated query passed its memory budget of " + (limitBytes >= 1024 * 1024
                ? limitBytes / (1024 * 1024) + " MB" : limitBytes + " bytes") + " while " + what + " grew; it was stopped and every shard's statement cancelled — add a selective WHERE,"
                + " aggregate before joining, or raise --memory");
    }

    /** Federation cannot answer the statement exactly. */
    static ReshardError notFederated(String why) {
        return ReshardError.of(ErrorCode.QUERY_UNSUPPORTED, "the statement cannot be answered exactly across shards: " + why);
    }

    /** The federated engine found the statement invalid (an unknown column, a type error, a syntax error). */
    static ReshardError federationRejected(String why) {
        return ReshardError.of(ErrorCode.QUERY_FAILED, "the federated engine rejected the statement: " + why + " — fix the statement and run it again");
    }
}
