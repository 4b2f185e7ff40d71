package org.reshard.cdc;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Reads a logical slot from a plain session, without a WAL sender: {@code pg_logical_slot_peek_binary_changes} from the
 * slot's confirmed position through a cursor, and {@code pg_replication_slot_advance} once the changes are applied. A
 * streaming WAL sender costs every application commit a wake-up signal (docs/PERFORMANCE.md, runs 15–18); with no WAL
 * sender nobody is woken, and the slot is decoded in rounds.
 */
final class SlotPeek implements AutoCloseable {

    /** pgoutput's options: protocol 1, the operation's publication, and logical messages (reshard's markers). */
    private static final String PEEK = "SELECT data FROM pg_logical_slot_peek_binary_changes(?, NULL, ?,"
            + " 'proto_version', '1', 'publication_names', ?, 'messages', 'true')";

    private final String shard;
    private final String slot;
    private final Supplier<Connection> pooled;
    private final WalFeed.SessionConnector sessions;
    private Connection session;
    private PreparedStatement statement;
    private ResultSet cursor;
    private long rowsRead;
    private int rowsAsked;
    /** The slot's position as far as this reader moved it (or found it); 0 until the first peek. */
    private long confirmed;

    SlotPeek(String shard, String slot, Supplier<Connection> pooled, WalFeed.SessionConnector sessions) {
        this.shard = shard;
        this.slot = slot;
        this.pooled = pooled;
        this.sessions = sessions;
    }

    /** True while a peek's rows are being read. */
    boolean reading() {
        return cursor != null;
    }

    /**
     * Starts a peek of at most about {@code rows} messages (whole transactions: a large one comes whole, read through
     * the cursor {@code fetch} rows at a time). The slot is first moved to {@code from} when it is behind that
     * position: a server that crashed may have lost the slot's last advance, which the state file kept.
     */
    void start(long from, int rows, int fetch) throws SQLException {
        if (session == null) {
            try {
                session = sessions.open();
                session.setAutoCommit(false);
                confirmed = slotPosition();
            } catch (SQLException e) {
                close();
                throw failure("reading", e);
            }
        }
        advance(from);
        try {
            statement = session.prepareStatement(PEEK);
            statement.setString(1, slot);
            statement.setInt(2, rows);
            statement.setString(3, slot);
            statement.setFetchSize(fetch);
            cursor = activeElsewhereFreed(() -> statement.executeQuery());
            rowsRead = 0;
            rowsAsked = rows;
        } catch (SQLException e) {
            close();
            throw failure("reading", e);
        }
    }

    /** The next message of the current peek, or null when it is read to its end (the peek is then over). */
    ByteBuffer next() throws SQLException {
        try {
            if (cursor.next()) {
                rowsRead++;
                return ByteBuffer.wrap(cursor.getBytes(1));
            }
            cursor.close();
            statement.close();
            session.commit();
            cursor = null;
            statement = null;
            return null;
        } catch (SQLException e) {
            close();
            throw failure("reading", e);
        }
    }

    /** True when the last peek, read to its end, returned as many messages as it asked for: the slot may hold more. */
    boolean wasCut() {
        return cursor == null && rowsRead >= rowsAsked;
    }

    /** Moves the slot to {@code lsn} (the end of an applied transaction): the server may let go of the WAL before it. */
    void advance(long lsn) throws SQLException {
        if (lsn <= confirmed) {
            return;
        }
        try (Connection c = pooled.get(); PreparedStatement p = c.prepareStatement("SELECT end_lsn::text FROM pg_replication_slot_advance(?, ?::pg_lsn)")) {
            p.setString(1, slot);
            p.setString(2, LogSequenceNumber.valueOf(lsn).asString());
            try (ResultSet r = activeElsewhereFreed(p::executeQuery)) {
                r.next();
                // The server stops at its flushed WAL: the slot may end before the position asked for.
                confirmed = Math.max(confirmed, LogSequenceNumber.valueOf(r.getString(1)).asLong());
            }
        } catch (SQLException e) {
            throw failure("confirming applied changes to", e);
        }
    }

    /** The slot's position, as far as this reader knows it (0 before the first peek). */
    long confirmed() {
        return confirmed;
    }

    private long slotPosition() throws SQLException {
        try (PreparedStatement p = session.prepareStatement("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
            p.setString(1, slot);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("replication slot \"" + slot + "\" does not exist", "42704");
                }
                long position = LogSequenceNumber.valueOf(r.getString(1)).asLong();
                session.commit();
                return position;
            }
        }
    }

    /** A call on the slot; SQL state 55006 (the slot is in use) means a reader of a run that died is still on it. */
    @FunctionalInterface
    private interface SlotCall<T> {
        T call() throws SQLException;
    }

    private <T> T activeElsewhereFreed(SlotCall<T> call) throws SQLException {
        try {
            return call.call();
        } catch (SQLException e) {
            if (!"55006".equals(e.getSQLState())) {
                throw e;
            }
            if (session != null && !session.getAutoCommit()) {
                session.rollback();
            }
            // This operation's own slot (the state file lets one run at a time): whoever still holds it is ended.
            try (Connection c = pooled.get()) {
                WalSlots.endReader(c, slot);
            }
            pause();
            return call.call();
        }
    }

    private SQLException failure(String doing, SQLException e) {
        return new SQLException(doing + " the change stream of shard " + shard + " (slot " + slot + ") failed: " + e.getMessage(),
                e.getSQLState(), e);
    }

    private static void pause() throws SQLException {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the change stream", e);
        }
    }

    /** Ends a peek being read (its transaction rolled back) and lets go of the session; the next peek opens another. */
    @Override
    public void close() {
        try {
            if (session != null) {
                session.close();
            }
        } catch (SQLException e) {
            // The session is dead already (a restarted server): nothing more to release.
        }
        session = null;
        statement = null;
        cursor = null;
    }
}
