package org.reshard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server benchmarks create databases on (trust auth, user postgres): the machine's own on
 * port 5432, or one that {@code bench/shard-hosts.sh} started to stand in for a shard's own host.
 */
public record BenchServer(int port) {

    public static final BenchServer LOCAL = new BenchServer(5432);

    /** The orders table the benchmarks copy: a realistic mix of integer, numeric, timestamp and text columns. */
    static final String ORDERS_TABLE = "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL,"
            + " placed_at timestamptz NOT NULL, total numeric(12,2) NOT NULL, status text NOT NULL, country text NOT NULL, note text)";
    /** The orders table's secondary index, which a resharding builds on the targets after the bulk copy. */
    static final String ORDERS_INDEX = "CREATE INDEX orders_customer ON orders (customer_id)";

    public void recreate(String name) throws SQLException {
        dropSlots(name);
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        admin("CREATE DATABASE " + name);
    }

    public void drop(String name) throws SQLException {
        dropSlots(name);
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /**
     * Drops the reshard replication slots of that database (only that one: other databases' slots belong to someone
     * else), ending the connection still reading one; PostgreSQL refuses to drop a database that has a logical slot.
     */
    public void dropSlots(String database) throws SQLException {
        String ofDatabase = " FROM pg_replication_slots WHERE database = '" + database.replace("'", "''") + "' AND slot_name LIKE 'reshard\\_%'";
        admin("SELECT pg_terminate_backend(active_pid)" + ofDatabase + " AND active_pid IS NOT NULL");
        for (int attempt = 0; ; attempt++) {
            try {
                admin("SELECT pg_drop_replication_slot(slot_name)" + ofDatabase);
                return;
            } catch (SQLException e) {
                // A terminated WAL sender lets go of its slot a moment later.
                if (attempt == 50) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Drops what reshard's capture left on a database: triggers, changelog and fence tables, slots and publications. */
    public void dropCapture(String database, String table) throws SQLException {
        dropSlots(database);
        execute(database, "DO $$ DECLARE p text; BEGIN FOR p IN SELECT pubname FROM pg_publication WHERE pubname LIKE 'reshard\\_%'"
                        + " LOOP EXECUTE format('DROP PUBLICATION %I', p); END LOOP; END $$",
                "DROP TRIGGER IF EXISTS reshard_capture ON " + table, "DROP TRIGGER IF EXISTS reshard_no_truncate ON " + table,
                "DROP TRIGGER IF EXISTS reshard_fence ON " + table, "DROP TABLE IF EXISTS reshard_changelog",
                "DROP TABLE IF EXISTS reshard_fence_lease");
    }

    public String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    public void execute(String database, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(database)); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** Orders {@code first} to {@code last} (only those matching {@code filter}, when not null), indexed and analysed. */
    public void createOrders(String database, long first, long last, String filter) throws SQLException {
        execute(database, ORDERS_TABLE,
                "INSERT INTO orders SELECT g, (g * 7919) % 400000 + 1, timestamptz '2025-01-01' + g * interval '31 seconds',"
                        + " round((g % 9973) * 1.37, 2), (ARRAY['placed','paid','shipped','delivered'])[1 + g % 4],"
                        + " (ARRAY['DE','FR','US','GB','JP','BR'])[1 + g % 6], CASE WHEN g % 10 = 0 THEN 'gift wrap, please' END"
                        + " FROM generate_series(" + first + "::bigint, " + last + ") AS g" + (filter == null ? "" : " WHERE " + filter),
                ORDERS_INDEX,
                "VACUUM ANALYZE orders");
    }

    private void admin(String sql) throws SQLException {
        execute("postgres", sql);
    }
}
