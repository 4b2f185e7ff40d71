package org.reshard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the local PostgreSQL server (127.0.0.1:5432, trust auth, user postgres),
 * dropped again on close. Set RESHARD_TEST_PG to point at another server's base URL.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String SERVER = System.getenv().getOrDefault("RESHARD_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/");
    public static final String USER = "postgres";

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /** Creates a database named {@code reshard_test_<prefix>_<random>}. */
    public static PostgresTestDatabase create(String prefix) {
        String name = ("reshard_test_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        admin("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        return new PostgresTestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String url() {
        return SERVER + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** Runs statements in this database, for test setup. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("setup SQL failed in " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // A logical replication slot of the database (a test that stopped an operation midway) blocks DROP DATABASE.
        admin("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = '" + name + "' AND active_pid IS NOT NULL");
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                admin("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '" + name + "'");
                break;
            } catch (IllegalStateException stillActive) {
                sleep();
            }
        }
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + " is needed for this test: " + e.getMessage(), e);
        }
    }
}
