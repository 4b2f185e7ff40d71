package org.reshard.shard;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reshard.common.ErrorCode;
import org.reshard.common.ErrorText;
import org.reshard.common.Redaction;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.topology.ShardSpec;

/** One HikariCP pool per shard, opened on first use and closed together. */
public final class ShardPools implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int POSTGRES_POOL_SIZE = 8;
    // SQLite has one writer at a time; a few readers beside it are all a file can use.
    private static final int SQLITE_POOL_SIZE = 4;

    private final Map<String, ShardSpec> shards = new LinkedHashMap<>();
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    /** Connections of their own handed out ({@link #sessionConnection}), closed with the pools in case their owner did not. */
    private final java.util.Set<Connection> sessionConnections = ConcurrentHashMap.newKeySet();
    /** One lock per shard for creating its pool, so a shard slow to answer holds up only its own callers. */
    private final Map<String, Object> creating = new ConcurrentHashMap<>();

    public ShardPools(Collection<ShardSpec> shardSpecs) {
        shardSpecs.forEach(this::add);
    }

    /** Adds a shard; an id already known must name the same URL. */
    public synchronized void add(ShardSpec shard) {
        ShardSpec known = shards.putIfAbsent(shard.id(), shard);
        if (known != null && !known.url().equals(shard.url())) {
            throw new IllegalArgumentException("shard " + shard.id() + " is known with two URLs: " + Redaction.maskUrl(known.url()) + " and "
                    + Redaction.maskUrl(shard.url()));
        }
    }

    /** The ids of every shard known, in the order they were added. */
    public synchronized java.util.List<String> ids() {
        return java.util.List.copyOf(shards.keySet());
    }

    public synchronized ShardSpec shard(String id) {
        ShardSpec shard = shards.get(id);
        if (shard == null) {
            throw new IllegalArgumentException("unknown shard " + id + "; known: " + shards.keySet());
        }
        return shard;
    }

    public SqlDialect dialect(String id) {
        return SqlDialect.of(shard(id));
    }

    /** A pooled connection to the shard, or {@code reshard.shard.unreachable} naming it and what to check. */
    public Result<Connection> connect(String id) {
        ShardSpec shard = shard(id);
        try {
            return Result.ok(pool(shard).getConnection());
        } catch (SQLException | RuntimeException e) {
            return Result.failure(unreachable(shard, e));
        }
    }

    /**
     * A pooled connection to the shard, failing with the driver's own exception (for callers that tell a
     * transient failure from a lasting one); {@link #unreachable} turns it into the error to report.
     */
    public Connection connection(String id) throws SQLException {
        try {
            return pool(shard(id)).getConnection();
        } catch (RuntimeException e) {
            throw new SQLException(ErrorText.of(e), ShardFailures.sqlState(e), e);
        }
    }

    /**
     * Drops the shard's pooled connections (idle ones now, busy ones when returned): after its server restarted
     * they are all dead, and the next borrower should get a new one, waiting for the server if it is still starting.
     */
    public void forgetConnections(String id) {
        HikariDataSource pool = pools.get(id);
        if (pool != null && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /**
     * Takes a pooled connection out of service for good, closing it: for one left in a state its next borrower must
     * not see. Closing the driver's connection behind the pool's back would not do: the pool hands a connection used
     * a moment ago out again without checking it, so the next borrowers would get a closed one.
     */
    public void evict(String id, Connection pooled) {
        HikariDataSource pool = pools.get(id);
        if (pool != null) {
            pool.evictConnection(pooled);
        }
    }

    /**
     * A new connection to the shard of the caller's own, not pooled (the caller closes it; it is closed with the pools if
     * it is still open): logical capture holds a cursor on it from one read to the next.
     */
    public Connection sessionConnection(String id) throws SQLException {
        ShardSpec shard = shard(id);
        java.util.Properties properties = new java.util.Properties();
        if (shard.user() != null) {
            properties.setProperty("user", shard.user());
        }
        if (shard.password().isPresent()) {
            properties.setProperty("password", shard.password().value());
        }
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        Connection connection = java.sql.DriverManager.getConnection(shard.url(), properties);
        sessionConnections.removeIf(ShardPools::closed);
        sessionConnections.add(connection);
        return connection;
    }

    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Opens and validates a connection, to show reachability before anything runs. */
    public Result<ShardSpec> ping(String id) {
        return connect(id).flatMap(connection -> {
            try (connection) {
                if (!connection.isValid((int) CONNECT_TIMEOUT.toSeconds())) {
                    return Result.failure(unreachable(shard(id), new SQLException("connection is not valid")));
                }
                return Result.ok(shard(id));
            } catch (SQLException e) {
                return Result.failure(unreachable(shard(id), e));
            }
        });
    }

    /**
     * Opens a fresh connection outside the pool and closes it again: tells at once whether the shard answers
     * now (a pool would wait for its connection timeout, and could hand out a connection it opened before).
     */
    public Result<ShardSpec> probe(String id) {
        ShardSpec shard = shard(id);
        if (shard.isSqlite()) {
            return ping(id);
        }
        java.util.Properties properties = new java.util.Properties();
        if (shard.user() != null) {
            properties.setProperty("user", shard.user());
        }
        if (shard.password().isPresent()) {
            properties.setProperty("password", shard.password().value());
        }
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        try (Connection c = java.sql.DriverManager.getConnection(shard.url(), properties)) {
            return Result.ok(shard);
        } catch (SQLException e) {
            return Result.failure(unreachable(shard, e));
        }
    }

    /**
     * True when the shard is a SQLite file another connection holds write-locked now: a fresh connection that does
     * not wait cannot begin a write transaction on it.
     */
    public boolean writeLocked(String id) {
        ShardSpec shard = shard(id);
        if (!shard.isSqlite()) {
            return false;
        }
        try (Connection c = java.sql.DriverManager.getConnection(shard.url()); java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 0");
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
            return false;
        } catch (SQLException e) {
            return ShardFailures.isSqliteBusy(e);
        }
    }

    /** The error for a shard that cannot be reached; it names the shard and its URL, never a password. */
    public static ReshardError unreachable(ShardSpec shard, Throwable cause) {
        String reason = ErrorText.of(cause);
        String fix = shard.isSqlite()
                ? "check that the SQLite file exists and is readable"
                : "check that the server is running, the URL is right and the user may connect";
        return ReshardError.of(ErrorCode.SHARD_UNREACHABLE,
                "shard " + shard.id() + " (" + Redaction.maskUrl(shard.url()) + ") is unreachable: " + reason + " — " + fix);
    }

    private HikariDataSource pool(ShardSpec shard) throws SQLException {
        HikariDataSource pool = pools.get(shard.id());
        if (pool != null) {
            return pool;
        }
        synchronized (creating.computeIfAbsent(shard.id(), id -> new Object())) {
            pool = pools.get(shard.id());
            if (pool != null) {
                return pool;
            }
            pool = create(shard);
            synchronized (this) {
                pools.put(shard.id(), pool);
            }
            return pool;
        }
    }

    private static HikariDataSource create(ShardSpec shard) throws SQLException {
        if (shard.isSqlite()) {
            Path file = Path.of(shard.url().substring("jdbc:sqlite:".length()));
            // Opening a missing file would silently create an empty shard; a typo must fail instead.
            if (!Files.exists(file)) {
                throw new SQLException("SQLite file " + file + " does not exist");
            }
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("shard-" + shard.id());
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        // Try one connection when the pool is created: an unreachable shard is reported at once with its
        // real cause, instead of after the connection timeout; the failed pool is not kept, so a later call retries.
        config.setInitializationFailTimeout(1);
        if (shard.isSqlite()) {
            config.setDataSource(new SqliteShardDataSource(shard.url()));
            config.setMaximumPoolSize(SQLITE_POOL_SIZE);
        } else {
            config.setJdbcUrl(shard.url());
            config.setMaximumPoolSize(POSTGRES_POOL_SIZE);
            config.setMinimumIdle(0);
            if (shard.user() != null) {
                config.setUsername(shard.user());
            }
            if (shard.password().isPresent()) {
                config.setPassword(shard.password().value());
            }
        }
        return new HikariDataSource(config);
    }

    @Override
    public synchronized void close() {
        for (Connection connection : sessionConnections) {
            try {
                connection.close();
            } catch (SQLException e) {
                // A connection to a server that went away is closed as far as it can be.
            }
        }
        sessionConnections.clear();
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
