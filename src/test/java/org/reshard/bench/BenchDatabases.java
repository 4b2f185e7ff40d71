package org.reshard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL databases for benchmarks: created fresh, filled with SQL on the server, dropped at the end. */
public final class BenchDatabases {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private BenchDatabases() {
    }

    public static void recreate(String name) throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        admin("CREATE DATABASE " + name);
    }

    public static void drop(String name) throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public static String url(String name) {
        return SERVER + name + "?user=postgres";
    }

    public static void execute(String database, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(database)); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** The orders table the benchmarks copy: a realistic mix of integer, numeric, timestamp and text columns. */
    public static final String ORDERS_TABLE = "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL,"
            + " placed_at timestamptz NOT NULL, total numeric(12,2) NOT NULL, status text NOT NULL, country text NOT NULL, note text)";
    /** The orders table's secondary index, which a resharding builds on the targets after the bulk copy. */
    public static final String ORDERS_INDEX = "CREATE INDEX orders_customer ON orders (customer_id)";

    /** Orders 1 to {@code rows} (only those matching {@code filter}, when not null), indexed and analysed. */
    public static void createOrders(String database, long rows, String filter) throws SQLException {
        createOrders(database, 1, rows, filter);
    }

    /** Orders {@code first} to {@code last}, so several databases can hold different orders. */
    public static void createOrders(String database, long first, long last, String filter) throws SQLException {
        execute(database, ORDERS_TABLE,
                "INSERT INTO orders SELECT g, (g * 7919) % 400000 + 1, timestamptz '2025-01-01' + g * interval '31 seconds',"
                        + " round((g % 9973) * 1.37, 2), (ARRAY['placed','paid','shipped','delivered'])[1 + g % 4],"
                        + " (ARRAY['DE','FR','US','GB','JP','BR'])[1 + g % 6], CASE WHEN g % 10 = 0 THEN 'gift wrap, please' END"
                        + " FROM generate_series(" + first + "::bigint, " + last + ") AS g" + (filter == null ? "" : " WHERE " + filter),
                ORDERS_INDEX,
                "VACUUM ANALYZE orders");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
