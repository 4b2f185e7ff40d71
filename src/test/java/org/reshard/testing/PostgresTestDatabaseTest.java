package org.reshard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Test databases, and their replication slots, that a killed test JVM left behind are dropped by the next one. */
class PostgresTestDatabaseTest {

    @Test
    void aDeadJvmsDatabaseAndSlotAreDroppedAndALiveOnesAreKept() throws Exception {
        try (PostgresTestDatabase mine = PostgresTestDatabase.create("mine")) {
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            String orphan = "reshard_test_orphan_" + UUID.randomUUID().toString().substring(0, 8);
            admin("CREATE DATABASE " + orphan, "COMMENT ON DATABASE " + orphan + " IS '" + PostgresTestDatabase.madeBy(gone.pid()) + "'");
            String slot = orphan + "_slot";
            try (Connection c = DriverManager.getConnection(PostgresTestDatabase.SERVER + orphan, PostgresTestDatabase.USER, "");
                 Statement s = c.createStatement()) {
                s.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
            }

            assertThat(PostgresTestDatabase.dropOrphans()).contains(orphan).doesNotContain(mine.name());

            assertThat(count("SELECT count(*) FROM pg_database WHERE datname = '" + orphan + "'")).isZero();
            assertThat(count("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'")).isZero();
            assertThat(count("SELECT count(*) FROM pg_database WHERE datname = '" + mine.name() + "'")).isEqualTo(1);
        }
    }

    @Test
    void onlyDatabasesMarkedByADeadJvmOnThisHostAreOrphans() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThat(PostgresTestDatabase.madeByADeadJvmHere(PostgresTestDatabase.madeBy(gone.pid()))).isTrue();
        assertThat(PostgresTestDatabase.madeByADeadJvmHere(PostgresTestDatabase.madeBy(ProcessHandle.current().pid()))).isFalse();
        assertThat(PostgresTestDatabase.madeByADeadJvmHere("reshard test of JVM " + gone.pid() + " on another-host")).isFalse();
        assertThat(PostgresTestDatabase.madeByADeadJvmHere(null)).isFalse();
        assertThat(PostgresTestDatabase.madeByADeadJvmHere("a database someone made by hand")).isFalse();
    }

    private static void admin(String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresTestDatabase.SERVER + "postgres", PostgresTestDatabase.USER, "");
             Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresTestDatabase.SERVER + "postgres", PostgresTestDatabase.USER, "");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
