package org.reshard.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trigger capture: a trigger on every table logs changed keys in a changelog table on the source, a queue rather than a
 * position because PostgreSQL sequence values commit out of order; applied entries are deleted from it.
 */
final class TriggerFeed implements ChangeFeed {

    private final CaptureSql sql;
    private final List<CapturedTable> tables;
    private final Supplier<Connection> connect;

    TriggerFeed(CaptureSql sql, List<CapturedTable> tables, Supplier<Connection> connect) {
        this.sql = sql;
        this.tables = tables;
        this.connect = connect;
    }

    @Override
    public CaptureMethod method() {
        return CaptureMethod.TRIGGERS;
    }

    @Override
    public void install() throws SQLException {
        SqlRun.inTransaction(connect, sql.createChangelog());
        // One table per transaction (see remove()); all are installed before the copy reads a row.
        for (CapturedTable t : tables) {
            SqlRun.inTransaction(connect, sql.installCapture(t));
        }
    }

    @Override
    public void remove() throws SQLException {
        // One table per transaction: dropping a trigger locks its table exclusively, and holding those locks on
        // several tables at once deadlocks with an application transaction that writes the same tables in
        // another order (seen on customer/rental/payment). Each drop is idempotent, so a crash between them is harmless.
        for (CapturedTable t : tables) {
            SqlRun.inTransaction(connect, sql.removeCapture(t.name()));
        }
        SqlRun.inTransaction(connect, sql.dropChangelog());
    }

    @Override
    public ChangeRead read(int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<CapturedChange> changes = new ArrayList<>();
        try (Connection source = connect.get(); PreparedStatement s = source.prepareStatement(sql.readChanges())) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                    changes.add(new CapturedChange.RowChanged(r.getString(2), r.getString(3), r.getString(4), false, CapturedChange.NOT_CARRIED));
                }
            }
        }
        // A changelog row is visible only with its transaction's rows, so no transaction need be waited for.
        return new ChangeRead(changes, ids, 0, List.of());
    }

    /**
     * Deletes applied changelog entries by id, all in one transaction: one commit (one flush to disk) per
     * apply batch instead of one per entry, which had made the deletes most of the applier's time.
     */
    @Override
    public void acknowledge(ChangeRead read) throws SQLException {
        if (read.changelogIds().isEmpty()) {
            return;
        }
        try (Connection c = connect.get()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + sql.changelog() + " WHERE id = ?")) {
                for (long id : read.changelogIds()) {
                    s.setLong(1, id);
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** A trigger's change is in the changelog when its transaction commits: reading until the changelog is empty is exact. */
    @Override
    public void syncPoint(long deadlineNanos) {
    }

    @Override
    public ChangeBacklog backlog() throws SQLException {
        try (Connection c = connect.get(); Statement s = c.createStatement()) {
            long pending;
            try (ResultSet r = s.executeQuery(sql.pendingCount())) {
                r.next();
                pending = r.getLong(1);
            }
            try (ResultSet r = s.executeQuery(sql.oldestChangeAgeMs())) {
                return new ChangeBacklog(pending, r.next() ? Math.max(0, r.getLong(1)) : 0);
            }
        }
    }

    @Override
    public long confirmedPosition() {
        return 0;
    }

    @Override
    public void startFrom(long position) {
    }

    /** Missing triggers are not detected here: pre-flight and the schema check watch the tables. */
    @Override
    public boolean inPlace() {
        return true;
    }

    @Override
    public void close() {
    }
}
