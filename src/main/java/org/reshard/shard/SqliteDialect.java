package org.reshard.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/** SQLite: the routing hash is the {@code reshard_hash} function registered on our connections. */
public final class SqliteDialect implements SqlDialect {

    static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {
    }

    @Override
    public String hashOf(String quotedColumn) {
        return SqliteRoutingFunction.NAME + "(" + quotedColumn + ")";
    }

    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The row count ANALYZE left in sqlite_stat1, when it ran. */
    @Override
    public OptionalLong estimatedRows(Connection connection, String table) throws SQLException {
        if (!tableExists(connection, "sqlite_stat1")) {
            return OptionalLong.empty();
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getString(1) != null) {
                    return OptionalLong.of(Long.parseLong(r.getString(1).split(" ")[0]));
                }
                return OptionalLong.empty();
            }
        }
    }

    /** Pages of the table and its indexes, from the dbstat virtual table. */
    @Override
    public long tableBytes(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ? OR name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?)")) {
            s.setString(1, table);
            s.setString(2, table);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }
}
