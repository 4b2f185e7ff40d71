package org.reshard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh database on the local PostgreSQL server (127.0.0.1:5432, trust auth, user postgres),
 * dropped again on close. Set RESHARD_TEST_PG to point at another server's base URL. Each database is marked with
 * the JVM that made it, so the first database a JVM makes drops those of test JVMs that died without closing theirs.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String SERVER = System.getenv().getOrDefault("RESHARD_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/");
    public static final String USER = "postgres";

    /** The comment a test database carries: which JVM on which host made it. */
    private static final String MADE_BY_PREFIX = "reshard test of JVM ";
    private static final String HOST = host();
    private static final String MADE_BY = MADE_BY_PREFIX + ProcessHandle.current().pid() + " on " + HOST;
    private static final java.util.concurrent.atomic.AtomicBoolean ORPHANS_DROPPED = new java.util.concurrent.atomic.AtomicBoolean();

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /** Creates a database named {@code reshard_test_<prefix>_<random>}. */
    public static PostgresTestDatabase create(String prefix) {
        if (ORPHANS_DROPPED.compareAndSet(false, true)) {
            dropOrphans();
        }
        String name = ("reshard_test_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        admin("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        admin("COMMENT ON DATABASE " + name + " IS '" + MADE_BY + "'");
        return new PostgresTestDatabase(name);
    }

    /**
     * Drops the test databases, with their replication slots, that test JVMs on this host made and could not drop
     * because they died first (a kill, a timeout): a slot left behind holds the server's WAL until its disk fills.
     * Returns their names. Databases of live JVMs, of other hosts and without the mark are left alone.
     */
    public static List<String> dropOrphans() {
        List<String> orphans = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE 'reshard\\_test\\_%'")) {
            while (r.next()) {
                if (madeByADeadJvmHere(r.getString(2))) {
                    orphans.add(r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + " is needed for this test: " + e.getMessage(), e);
        }
        orphans.forEach(name -> new PostgresTestDatabase(name).close());
        return orphans;
    }

    /** The mark a database made by the JVM with this pid on this host carries. */
    static String madeBy(long pid) {
        return MADE_BY_PREFIX + pid + " on " + HOST;
    }

    static boolean madeByADeadJvmHere(String comment) {
        String here = " on " + HOST;
        if (comment == null || !comment.startsWith(MADE_BY_PREFIX) || !comment.endsWith(here)) {
            return false;
        }
        String pid = comment.substring(MADE_BY_PREFIX.length(), comment.length() - here.length());
        return pid.matches("[0-9]+") && ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "an unknown host";
        }
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
