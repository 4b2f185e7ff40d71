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

    /** The position the source confirmed as applied, 0 when the feed has none (triggers: the changelog is the queue). */
    long confirmedPosition();

    /** Reads from this position on when the feed next opens (the state file's checkpoint after a restart); no-op without positions. */
    void startFrom(long position);

    /** False when the capture was removed behind the operation's back (a slot dropped by hand); true for triggers. */
    boolean inPlace() throws SQLException;

    /** Releases connections held between reads; harmless when none are. */
    void close();
}
