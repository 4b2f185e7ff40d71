package org.reshard.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reshard.shard.PostgresDialect;

/**
 * The replication slots and publications logical capture creates on a source, named from the operation and the
 * shard so a run that crashed before it recorded them finds them again, and so nobody else's are ever touched.
 */
public final class WalSlots {

    /** Every slot and publication reshard creates starts with this. */
    public static final String PREFIX = "reshard_";
    private static final int MAX_NAME = 63;

    private WalSlots() {
    }

    /** A slot or publication reshard created, with what it holds back: its database, whether a client reads it, retained WAL. */
    public record Slot(String name, String database, boolean active, long retainedBytes) {
    }

    /** The slot (and publication) name of an operation on a source shard: lower-case letters, digits and underscores only. */
    public static String name(String operationId, String shard) {
        String name = PREFIX + clean(operationId) + "_" + clean(shard);
        if (name.length() <= MAX_NAME) {
            return name;
        }
        String hash = Integer.toHexString((operationId + "/" + shard).hashCode());
        return name.substring(0, MAX_NAME - hash.length() - 1) + "_" + hash;
    }

    private static String clean(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** Creates the publication for the tables, then the slot (in that order: decoding needs the publication from the slot's start). */
    static void create(Connection c, String name, List<String> tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", name)) {
                s.execute("CREATE PUBLICATION " + PostgresDialect.INSTANCE.quote(name) + " FOR TABLE "
                        + String.join(", ", tables.stream().map(PostgresDialect.INSTANCE::quote).toList())
                        + " WITH (publish = 'insert, update, delete, truncate', publish_via_partition_root = true)");
            }
            if (!slotExists(c, name)) {
                try (PreparedStatement p = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
                    p.setString(1, name);
                    p.execute();
                }
            }
        }
    }

    static boolean slotExists(Connection c, String name) throws SQLException {
        return exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", name);
    }

    /**
     * Drops the slot and the publication, both idempotently. A slot still read by a connection (a run that died a moment
     * ago, whose server has not noticed yet) is freed first: it is this operation's own, nobody else reads it.
     */
    static void drop(Connection c, String name) throws SQLException {
        for (int attempt = 0; slotExists(c, name); attempt++) {
            endReader(c, name);
            try (PreparedStatement p = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name = ? AND NOT active")) {
                p.setString(1, name);
                p.execute();
            } catch (SQLException e) {
                if (attempt >= 50) {
                    throw e;
                }
            }
            if (attempt >= 50) {
                throw new SQLException("replication slot " + name + " is still in use after 5 s; drop it with"
                        + " SELECT pg_drop_replication_slot('" + name + "') once its reader is gone", "55006");
            }
            sleep(100);
        }
        dropPublication(c, name);
    }

    /** Ends the session that holds the slot, if one does: only ever this operation's own reader, left by a run that died. */
    static void endReader(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                + " WHERE slot_name = ? AND active_pid IS NOT NULL")) {
            p.setString(1, name);
            p.execute();
        }
    }

    /**
     * Empties the publication, then drops it. Dropped with its tables in it, PostgreSQL 15 fails an application's
     * UPDATE or DELETE that found the table's publications just before the drop and looks this one up just after
     * ("cache lookup failed for publication"); a publication that no longer lists the table is never looked up.
     */
    static void dropPublication(Connection c, String name) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT r.prrelid::regclass::text FROM pg_publication_rel r"
                + " JOIN pg_publication p ON p.oid = r.prpubid WHERE p.pubname = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            if (!tables.isEmpty()) {
                s.execute("ALTER PUBLICATION " + PostgresDialect.INSTANCE.quote(name) + " DROP TABLE " + String.join(", ", tables));
                // A write that began before the publication was emptied has built its view of the table by now.
                sleep(20);
            }
            s.execute("DROP PUBLICATION IF EXISTS " + PostgresDialect.INSTANCE.quote(name));
        }
    }

    /** Every reshard slot on the server (of any database) and every reshard publication in this database. */
    public static List<Slot> list(Connection c) throws SQLException {
        List<Slot> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT slot_name, database, active, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint"
                        + " FROM pg_replication_slots WHERE slot_name LIKE 'reshard\\_%' ORDER BY slot_name")) {
            while (r.next()) {
                found.add(new Slot(r.getString(1), r.getString(2), r.getBoolean(3), r.getLong(4)));
            }
        }
        return found;
    }

    /** Names of reshard's publications in the connected database. */
    public static List<String> publications(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT pubname FROM pg_publication WHERE pubname LIKE 'reshard\\_%' ORDER BY pubname")) {
            while (r.next()) {
                found.add(r.getString(1));
            }
        }
        return found;
    }

    /** Slots of the connected database and publications reshard left there, other than {@code own}, one description each. */
    public static List<String> leftovers(Connection c, String own) throws SQLException {
        List<String> found = new ArrayList<>();
        String database = c.getCatalog();
        for (Slot slot : list(c)) {
            if (slot.database() != null && slot.database().equals(database) && !slot.name().equals(own)) {
                found.add("replication slot " + slot.name() + " (holding " + org.reshard.common.Bytes.format(slot.retainedBytes()) + " of WAL)");
            }
        }
        for (String publication : publications(c)) {
            if (!publication.equals(own)) {
                found.add("publication " + publication);
            }
        }
        return found;
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while dropping a replication slot", e);
        }
    }
}
