package org.reshard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A throwaway PostgreSQL server on a free port, made from the installed binaries ({@code initdb},
 * {@code pg_ctl}; run as the {@code postgres} OS user when the tests run as root), for outage tests:
 * {@link #crash()} stops it immediately, {@link #start()} brings it back with its data. {@link #close()}
 * always stops it and deletes its data folder; a JVM shutdown hook does the same if a test never closes it.
 */
public final class SecondPostgresServer implements AutoCloseable {

    private static final Path BIN = PostgresBinaries.BIN;
    private static final java.time.Duration COMMAND_TIMEOUT = java.time.Duration.ofSeconds(60);

    private final Path dir;
    private final Path data;
    private final int port;
    private final Thread cleanup;
    private boolean closed;

    private SecondPostgresServer(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.cleanup = new Thread(this::stopAndDelete, "second-postgres-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Creates, configures and starts a server; a failure on the way removes whatever was made. */
    public static SecondPostgresServer start(String name) {
        Path dir;
        try {
            dir = Files.createTempDirectory("reshard-pg-" + name + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a folder for a second PostgreSQL server", e);
        }
        SecondPostgresServer server = new SecondPostgresServer(dir, PostgresBinaries.freePort());
        try {
            server.init();
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of a database on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** Creates a database, returning its JDBC URL. */
    public String createDatabase(String database) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on port " + port + ": " + e.getMessage(), e);
        }
        return url(database);
    }

    private void init() {
        PostgresBinaries.ownByPostgres(dir, COMMAND_TIMEOUT);
        pg(BIN.resolve("initdb") + " -D " + data + " -U postgres --auth=trust -E UTF8 --no-sync");
        try {
            Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                    "", "port = " + port, "listen_addresses = '127.0.0.1'", "unix_socket_directories = '" + dir + "'",
                    "fsync = off", "full_page_writes = off", "shared_buffers = 32MB",
                    "wal_level = logical", "max_replication_slots = 8", "max_wal_senders = 8", ""),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(data.resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 trust\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot configure the second PostgreSQL server", e);
        }
    }

    /** Starts the server (again) and waits until it accepts connections. */
    public void start() {
        pg(BIN.resolve("pg_ctl") + " -D " + data + " -l " + dir.resolve("server.log") + " -w -t 30 start");
    }

    /** Starts the server unless it is running. */
    public void startIfStopped() {
        if (!running()) {
            start();
        }
    }

    /** Stops the server the way a crash does ({@code -m immediate}): connections break, nothing is shut down cleanly. */
    public void crash() {
        pg(BIN.resolve("pg_ctl") + " -D " + data + " -m immediate -w stop");
    }

    private boolean running() {
        return Files.exists(data.resolve("postmaster.pid"));
    }

    private void pg(String command) {
        PostgresBinaries.asPostgres(command, COMMAND_TIMEOUT);
    }

    private synchronized void stopAndDelete() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (running()) {
                pg(BIN.resolve("pg_ctl") + " -D " + data + " -m immediate -w stop");
            }
        } catch (RuntimeException ignored) {
            // deleting the folder below matters more; a server without its folder stops by itself
        } finally {
            PostgresBinaries.deleteTree(dir);
        }
    }

    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }
}
