package org.reshard.bench;

import java.sql.SQLException;

/** PostgreSQL databases for benchmarks on the machine's own server (127.0.0.1:5432); see {@link BenchServer}. */
public final class BenchDatabases {

    private BenchDatabases() {
    }

    public static void recreate(String name) throws SQLException {
        BenchServer.LOCAL.recreate(name);
    }

    public static void drop(String name) throws SQLException {
        BenchServer.LOCAL.drop(name);
    }

    public static String url(String name) {
        return BenchServer.LOCAL.url(name);
    }

    public static void execute(String database, String... sql) throws SQLException {
        BenchServer.LOCAL.execute(database, sql);
    }

    /** The orders table the benchmarks copy: a realistic mix of integer, numeric, timestamp and text columns. */
    public static final String ORDERS_TABLE = BenchServer.ORDERS_TABLE;
    /** The orders table's secondary index, which a resharding builds on the targets after the bulk copy. */
    public static final String ORDERS_INDEX = BenchServer.ORDERS_INDEX;

    /** Orders 1 to {@code rows} (only those matching {@code filter}, when not null), indexed and analysed. */
    public static void createOrders(String database, long rows, String filter) throws SQLException {
        BenchServer.LOCAL.createOrders(database, 1, rows, filter);
    }

    /** Orders {@code first} to {@code last}, so several databases can hold different orders. */
    public static void createOrders(String database, long first, long last, String filter) throws SQLException {
        BenchServer.LOCAL.createOrders(database, first, last, filter);
    }
}
