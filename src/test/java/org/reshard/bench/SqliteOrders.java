package org.reshard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.reshard.shard.SqliteShardDataSource;

/** SQLite shard files for benchmarks, filled by SQL inside SQLite, with reshard's functions on every connection. */
public final class SqliteOrders {

    public static final String TABLE = "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, placed_at TEXT NOT NULL,"
            + " total NUMERIC NOT NULL, status TEXT NOT NULL, country TEXT NOT NULL, note TEXT)";
    public static final String INDEX = "CREATE INDEX orders_customer ON orders (customer_id)";

    private SqliteOrders() {
    }

    public static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    public static Connection connect(Path file) throws SQLException {
        return new SqliteShardDataSource(url(file)).getConnection();
    }

    /** A new file with orders 1 to {@code rows}: the same values as the PostgreSQL benchmarks' orders. */
    public static void create(Path file, long rows) throws Exception {
        create(file, rows, null);
    }

    /**
     * As above, only the orders matching {@code filter} (a condition on {@code x}, the order's number, when not
     * null), inserted by one statement: one transaction.
     */
    public static void create(Path file, long rows, String filter) throws Exception {
        Files.deleteIfExists(file);
        try (Connection c = connect(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute(TABLE);
            s.execute("WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < " + rows + ")"
                    + " INSERT INTO orders SELECT x, (x * 7919) % 400000 + 1, strftime('%Y-%m-%dT%H:%M:%S', 1735689600 + x * 31, 'unixepoch'),"
                    + " round((x % 9973) * 1.37, 2), CASE x % 4 WHEN 0 THEN 'paid' WHEN 1 THEN 'shipped' WHEN 2 THEN 'delivered' ELSE 'placed' END,"
                    + " CASE x % 6 WHEN 0 THEN 'FR' WHEN 1 THEN 'US' WHEN 2 THEN 'GB' WHEN 3 THEN 'JP' WHEN 4 THEN 'BR' ELSE 'DE' END,"
                    + " CASE WHEN x % 10 = 0 THEN 'gift wrap, please' END FROM g" + (filter == null ? "" : " WHERE " + filter));
            s.execute(INDEX);
            s.execute("ANALYZE");
        }
    }

    /** An empty database file in WAL mode, as an operator would prepare a new shard. */
    public static void createEmpty(Path file) throws Exception {
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + "-wal"));
        Files.deleteIfExists(Path.of(file + "-shm"));
        try (Connection c = connect(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
        }
    }
}
