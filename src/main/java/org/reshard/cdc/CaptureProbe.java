package org.reshard.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.reshard.shard.PostgresDialect;
import org.reshard.shard.SqlDialect;

/**
 * Decides at pre-flight which capture a source uses, and says why: logical decoding when the server allows it
 * (wal_level = logical, a free replication slot, the REPLICATION privilege, PostgreSQL 14 or later for the stream's
 * sync markers, tables whose replica identity is their primary key or FULL), triggers otherwise.
 */
public final class CaptureProbe {

    private static final int MIN_VERSION = 140000;

    private CaptureProbe() {
    }

    /** The decision for one source, reached on a connection to it; {@code tables} are the operation's tables. */
    public static CaptureDecision decide(Connection c, SqlDialect dialect, CaptureSetting setting, List<String> tables) throws SQLException {
        if (!(dialect instanceof PostgresDialect)) {
            return setting == CaptureSetting.LOGICAL
                    ? CaptureDecision.refused("--capture logical needs PostgreSQL; SQLite has no write-ahead log to decode")
                    : CaptureDecision.of(CaptureMethod.TRIGGERS, "SQLite has no write-ahead log to decode: using triggers");
        }
        if (setting == CaptureSetting.TRIGGERS) {
            return CaptureDecision.of(CaptureMethod.TRIGGERS, "--capture triggers: using triggers");
        }
        List<String> missing = missing(c, tables);
        if (missing.isEmpty()) {
            return CaptureDecision.of(CaptureMethod.LOGICAL, "wal_level is logical, a replication slot is free and "
                    + text(c, "SELECT current_user") + " may replicate: capturing from the WAL (no triggers on the tables)");
        }
        String why = String.join("; ", missing);
        return setting == CaptureSetting.LOGICAL
                ? CaptureDecision.refused("--capture logical is not possible: " + why)
                : CaptureDecision.of(CaptureMethod.TRIGGERS, why + ": using triggers");
    }

    private static List<String> missing(Connection c, List<String> tables) throws SQLException {
        List<String> missing = new ArrayList<>();
        int version = Integer.parseInt(text(c, "SHOW server_version_num"));
        if (version < MIN_VERSION) {
            missing.add("PostgreSQL " + text(c, "SHOW server_version") + " is older than 14, whose logical decoding messages"
                    + " the capture needs to know it is caught up");
        }
        String walLevel = text(c, "SHOW wal_level");
        if (!walLevel.equals("logical")) {
            missing.add("wal_level is " + walLevel + "; set wal_level = logical and restart to capture from the WAL");
        }
        String user = text(c, "SELECT current_user");
        if (!"t".equals(text(c, "SELECT (rolsuper OR rolreplication)::text FROM pg_roles WHERE rolname = current_user").substring(0, 1))) {
            missing.add("user " + user + " lacks the REPLICATION privilege (ALTER ROLE " + user + " REPLICATION)");
        }
        if (!"t".equals(text(c, "SELECT (has_database_privilege(current_database(), 'CREATE'))::text").substring(0, 1))) {
            missing.add("user " + user + " may not create a publication in this database (GRANT CREATE ON DATABASE)");
        }
        if (freeSlots(c) < 1) {
            missing.add("no replication slot is free (max_replication_slots = " + text(c, "SHOW max_replication_slots") + ", all in use)");
        }
        for (String table : tables) {
            identity(c, table, missing);
        }
        return missing;
    }

    /** Replication slots the server can still create (its sources on one server share them). */
    public static long freeSlots(Connection c) throws SQLException {
        return Long.parseLong(text(c, "SELECT current_setting('max_replication_slots')::int - count(*) FROM pg_replication_slots"));
    }

    /** A table must send its primary key with updates and deletes: replica identity DEFAULT (with a primary key) or FULL. */
    private static void identity(Connection c, String table, List<String> missing) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT relreplident, pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass(?)")) {
            p.setString(1, PostgresDialect.INSTANCE.quote(table));
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return;
                }
                String identity = r.getString(1);
                if (identity.equals("n") || identity.equals("i")) {
                    missing.add("table " + table + " has REPLICA IDENTITY " + (identity.equals("n") ? "NOTHING" : "USING INDEX")
                            + ", so its updates and deletes would not carry the primary key (ALTER TABLE " + table + " REPLICA IDENTITY DEFAULT)");
                }
                if (!r.getBoolean(2)) {
                    missing.add("the user does not own table " + table + ", which a publication needs");
                }
            }
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
