package org.reshard.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server on a free port, made from the installed binaries ({@code initdb},
 * {@code pg_ctl}; run as the {@code postgres} OS user when the tests run as root), for outage tests:
 * {@link #crash()} stops it immediately, {@link #start()} brings it back with its data. {@link #close()}
 * always stops it and deletes its data folder; a JVM shutdown hook does the same if a test never closes it.
 */
public final class SecondPostgresServer implements AutoCloseable {

    private static final Path BIN = Path.of(System.getenv().getOrDefault("RESHARD_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"));
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

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
        SecondPostgresServer server = new SecondPostgresServer(dir, freePort());
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
        if (ROOT) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
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
        run(ROOT ? List.of("su", "postgres", "-s", "/bin/sh", "-c", command) : List.of("/bin/sh", "-c", command));
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // nothing more to do
            }
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
