package org.reshard.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.reshard.topology.ShardSpec;

/** Creates real shards for a test, PostgreSQL databases or SQLite files, and removes them afterwards. */
public final class ShardFixture implements AutoCloseable {

    /** Which database the shards are. */
    public enum Kind { POSTGRES, SQLITE }

    private final Kind kind;
    private final Path dir;
    private final List<PostgresTestDatabase> databases = new ArrayList<>();

    public ShardFixture(Kind kind, Path dir) {
        this.kind = kind;
        this.dir = dir;
    }

    public Kind kind() {
        return kind;
    }

    /** A new empty shard with the id; a SQLite file is created so the shard is reachable. */
    public ShardSpec shard(String id) {
        if (kind == Kind.POSTGRES) {
            PostgresTestDatabase database = PostgresTestDatabase.create(id.replaceAll("[^a-z0-9]", ""));
            databases.add(database);
            return new ShardSpec(id, database.url() + "?user=" + PostgresTestDatabase.USER, null, null);
        }
        String url = "jdbc:sqlite:" + dir.resolve(id + ".db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new ShardSpec(id, url, null, null);
    }

    /** A plain JDBC connection, as an application would open it (no reshard functions registered). */
    public static Connection connect(ShardSpec shard) throws SQLException {
        Connection c = DriverManager.getConnection(shard.url());
        if (shard.isSqlite()) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            }
        }
        return c;
    }

    public static void execute(ShardSpec shard, String... sql) {
        try (Connection c = connect(shard); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL on " + shard.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        databases.forEach(PostgresTestDatabase::close);
    }
}
