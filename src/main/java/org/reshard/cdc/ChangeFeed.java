package org.reshard.cdc;

import java.sql.SQLException;

/**
 * Where a source's captured changes come from: a changelog table filled by triggers ({@link TriggerFeed}) or the
 * write-ahead log through a logical replication slot ({@link WalFeed}). Fences are triggers in both cases.
 */
public sealed interface ChangeFeed permits TriggerFeed, WalFeed {

    CaptureMethod method();

    /** Starts capturing (idempotent); must run before the first row is copied. */
    void install() throws SQLException;

    /** Stops capturing and removes what {@link #install} created (idempotent). */
    void remove() throws SQLException;

    /** Reads up to {@code limit} changes; empty only when nothing is waiting (and any {@link #syncPoint} was reached). */
    ChangeRead read(int limit) throws SQLException;

    /** Called once the changes of a read are committed on the targets: they will not be read again. */
    void acknowledge(ChangeRead read) throws SQLException;

    /**
     * Marks "now" on the source: reads go on until every change committed before this call was read, waiting for it
     * until {@code deadlineNanos} at most. The cutover calls it once writes are fenced, so its drain is exact.
     */
    void syncPoint(long deadlineNanos) throws SQLException;

    ChangeBacklog backlog() throws SQLException;

    /** Releases connections held between reads; harmless when none are. */
    void close();
}
