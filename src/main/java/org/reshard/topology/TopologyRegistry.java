package org.reshard.topology;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code reshard_topology} table that applications poll (DESIGN 3.6): the row with the highest
 * version is the active topology.
 */
public final class TopologyRegistry {

    /** One published version. */
    public record Version(long version, String name, String topologyJson, Instant activatedAt) {
    }

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS reshard_topology ("
            + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, topology TEXT NOT NULL, activated_at TEXT NOT NULL)";

    private final String url;

    public TopologyRegistry(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    /** A connection to the registry database; a PostgreSQL registry takes its user from the URL ({@code ?user=…}). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** The active version, if any topology was ever published. */
    public Optional<Version> active() throws SQLException {
        try (Connection c = connect()) {
            createTable(c);
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT version, name, topology, activated_at FROM reshard_topology ORDER BY version DESC LIMIT 1")) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Version(r.getLong(1), r.getString(2), r.getString(3), Instant.parse(r.getString(4))));
            }
        }
    }

    /**
     * The active version, read without creating anything: empty when the registry's database or table does
     * not exist (yet), so a reader such as a query never leaves a registry file or table behind.
     */
    public Optional<Version> peekActive() throws SQLException {
        if (url.startsWith("jdbc:sqlite:") && !sqliteFileExists()) {
            return Optional.empty();
        }
        try (Connection c = connect()) {
            try (ResultSet tables = c.getMetaData().getTables(null, null, "reshard_topology", null)) {
                if (!tables.next()) {
                    return Optional.empty();
                }
            }
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT version, name, topology, activated_at FROM reshard_topology ORDER BY version DESC LIMIT 1")) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Version(r.getLong(1), r.getString(2), r.getString(3), Instant.parse(r.getString(4))));
            }
        }
    }

    private boolean sqliteFileExists() {
        String path = url.substring("jdbc:sqlite:".length());
        int options = path.indexOf('?');
        path = options >= 0 ? path.substring(0, options) : path;
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        return path.isEmpty() || path.equals(":memory:") || java.nio.file.Files.exists(java.nio.file.Path.of(path));
    }

    /** Publishes a new version in one transaction on the given connection; returns its number. */
    public static long publish(Connection connection, Topology topology, Instant activatedAt) throws SQLException {
        createTable(connection);
        long next;
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) + 1 FROM reshard_topology")) {
            r.next();
            next = r.getLong(1);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO reshard_topology (version, name, topology, activated_at) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, next);
            insert.setString(2, topology.name());
            insert.setString(3, TopologyJson.toText(topology));
            insert.setString(4, activatedAt.toString());
            insert.executeUpdate();
        }
        return next;
    }

    /** Publishes a new version in its own transaction. */
    public long publish(Topology topology, Instant activatedAt) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                long version = publish(c, topology, activatedAt);
                c.commit();
                return version;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Removes a version again (rollback of a registration), only while it is the active one; true when removed. */
    public boolean withdraw(long version) throws SQLException {
        try (Connection c = connect()) {
            createTable(c);
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM reshard_topology WHERE version = ? AND version = (SELECT max(version) FROM reshard_topology)")) {
                delete.setLong(1, version);
                return delete.executeUpdate() > 0;
            }
        }
    }

    /**
     * Removes several versions in one transaction, only while they are the newest ones (nobody published after
     * them), so the version before them becomes active at once; true when removed.
     */
    public boolean withdrawAll(java.util.List<Long> versions) throws SQLException {
        if (versions.isEmpty()) {
            return false;
        }
        long oldest = versions.stream().mapToLong(Long::longValue).min().orElseThrow();
        String list = String.join(", ", versions.stream().map(String::valueOf).toList());
        try (Connection c = connect()) {
            createTable(c);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM reshard_topology WHERE version > " + oldest
                        + " AND version NOT IN (" + list + ")")) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        c.rollback();
                        return false;
                    }
                }
                s.executeUpdate("DELETE FROM reshard_topology WHERE version IN (" + list + ")");
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void createTable(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(CREATE);
        }
    }
}
