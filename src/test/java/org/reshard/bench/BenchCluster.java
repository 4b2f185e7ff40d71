package org.reshard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reshard.testing.PostgresBinaries;

/**
 * A second PostgreSQL cluster on this machine for a benchmark's target databases: its own data directory, port,
 * WAL, WAL writer, checkpointer and fsyncs, started from the installed binaries (as the {@code postgres} OS user when
 * the benchmark runs as root). Unlike {@code org.reshard.testing.SecondPostgresServer}, whose outage tests want speed
 * ({@code fsync = off}, {@code full_page_writes = off}, 32 MB of shared buffers), it copies the durability and memory
 * settings of the machine's own server (127.0.0.1:5432) so a comparison between the two is fair: {@link #SETTINGS},
 * read from that server at start. Same machine still: the same two cores and the same disk.
 * {@link #close()} stops it and deletes its data directory; a shutdown hook does the same if the benchmark dies.
 */
final class BenchCluster implements AutoCloseable {

    private static final Path BIN = PostgresBinaries.BIN;
    private static final java.time.Duration COMMAND_TIMEOUT = java.time.Duration.ofSeconds(90);
    /** The main server's settings the cluster copies: durability, WAL, memory, vacuum. */
    static final List<String> SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "wal_level",
            "wal_buffers", "wal_writer_delay", "commit_delay", "shared_buffers", "work_mem", "maintenance_work_mem", "max_wal_size",
            "min_wal_size", "checkpoint_timeout", "checkpoint_completion_target", "autovacuum", "max_connections", "max_replication_slots",
            "max_wal_senders", "jit");

    private final Path dir;
    private final Path data;
    private final BenchServer server;
    private final Thread cleanup;
    private final Map<String, String> settings;
    private boolean closed;

    private BenchCluster(Path dir, int port, Map<String, String> settings) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.server = new BenchServer(port);
        this.settings = settings;
        this.cleanup = new Thread(this::stopAndDelete, "bench-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Creates and starts a cluster with the main server's {@link #SETTINGS}; a failure on the way removes what was made. */
    static BenchCluster start(String name) throws SQLException {
        Map<String, String> settings = mainServerSettings();
        Path dir;
        try {
            // -Dbench.clusterParent=/dev/shm puts it on a RAM disk: its fsyncs then leave the source's disk alone, as another host's would.
            String parent = System.getProperty("bench.clusterParent");
            dir = parent == null ? Files.createTempDirectory("reshard-bench-" + name + "-")
                    : Files.createTempDirectory(Path.of(parent), "reshard-bench-" + name + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a folder for a second PostgreSQL cluster", e);
        }
        BenchCluster cluster = new BenchCluster(dir, PostgresBinaries.freePort(), settings);
        try {
            cluster.init();
            cluster.pg(BIN.resolve("pg_ctl") + " -D " + cluster.data + " -l " + dir.resolve("server.log") + " -w -t 60 start");
            cluster.check();
            return cluster;
        } catch (RuntimeException | SQLException e) {
            cluster.close();
            throw e;
        }
    }

    /** Its data directory (where postmaster.pid is). */
    Path dataDirectory() {
        return data;
    }

    /** Where to create databases on it. */
    BenchServer server() {
        return server;
    }

    /** In words, for the results: port, data directory and the settings as the running cluster reports them. */
    String describe() throws SQLException {
        String disk = System.getProperty("bench.clusterParent") == null ? "same disk as the main server's"
                : "under " + System.getProperty("bench.clusterParent") + ", not the main server's disk";
        return "second PostgreSQL cluster on port " + server.port() + ", data in " + data + " (" + disk + "), "
                + running(server.port());
    }

    private static Map<String, String> mainServerSettings() throws SQLException {
        Map<String, String> found = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(BenchServer.LOCAL.url("postgres")); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('"
                     + String.join("', '", SETTINGS) + "')")) {
            while (r.next()) {
                found.put(r.getString(1), r.getString(2));
            }
        }
        return found;
    }

    private static String running(int port) throws SQLException {
        List<String> shown = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(new BenchServer(port).url("postgres")); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit',"
                     + " 'full_page_writes', 'wal_level', 'shared_buffers', 'autovacuum', 'wal_sync_method') ORDER BY name")) {
            while (r.next()) {
                shown.add(r.getString(1) + "=" + r.getString(2));
            }
        }
        return String.join(" ", shown);
    }

    /** The settings that make the comparison fair must be the main server's, or the benchmark stops. */
    private void check() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.url("postgres")); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('"
                     + String.join("', '", settings.keySet()) + "')")) {
            while (r.next()) {
                String wanted = settings.get(r.getString(1));
                if (!r.getString(2).equals(wanted)) {
                    throw new IllegalStateException("the second cluster has " + r.getString(1) + " = " + r.getString(2) + ", the main server "
                            + wanted);
                }
            }
        }
    }

    private void init() {
        PostgresBinaries.ownByPostgres(dir, COMMAND_TIMEOUT);
        pg(BIN.resolve("initdb") + " -D " + data + " -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        List<String> lines = new ArrayList<>(List.of("", "port = " + server.port(), "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + dir + "'", "timezone = 'Etc/UTC'"));
        settings.forEach((name, value) -> lines.add(name + " = '" + value + "'"));
        lines.add("");
        try {
            Files.writeString(data.resolve("postgresql.conf"), String.join("\n", lines), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Files.writeString(data.resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 trust\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot configure the second PostgreSQL cluster", e);
        }
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
            if (Files.exists(data.resolve("postmaster.pid"))) {
                pg(BIN.resolve("pg_ctl") + " -D " + data + " -m fast -w -t 60 stop");
            }
        } catch (RuntimeException e) {
            System.err.println("stopping the second cluster: " + e.getMessage());
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
