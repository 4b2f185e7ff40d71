package org.reshard.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@link PostgresDialect#describe} leaves out and the move still needs: a partitioned table's
 * partitions, the sequences behind key columns, and the constraints and triggers pre-flight compares.
 */
public final class PostgresCatalog {

    private PostgresCatalog() {
    }

    /**
     * One partition of a partitioned table: its name (as {@code regclass} prints it), its parent, its bound
     * ({@code FOR VALUES …} or {@code DEFAULT}) and, for a partition that is itself partitioned, its partition key.
     */
    public record Partition(String name, String parent, String bound, String partitionBy) {

        /** The statement that creates this partition under its parent on another database. */
        public String createStatement() {
            return "CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF " + parent + " " + bound
                    + (partitionBy == null ? "" : " PARTITION BY " + partitionBy);
        }
    }

    /** Every partition below a table, parents before their children; empty for a table that is not partitioned. */
    public static List<Partition> partitions(Connection connection, String table) throws SQLException {
        List<Partition> partitions = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("""
                SELECT c.oid::regclass::text, t.parentrelid::regclass::text, pg_get_expr(c.relpartbound, c.oid),
                       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END
                FROM pg_partition_tree(to_regclass(?)) t JOIN pg_class c ON c.oid = t.relid
                WHERE t.level > 0 ORDER BY t.level, c.relname""")) {
            s.setString(1, PostgresDialect.INSTANCE.quote(table));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    partitions.add(new Partition(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                }
            }
        }
        return partitions;
    }

    /** The partitions' names, in order, as one text (what the operation records to notice a partition attached or detached). */
    public static String partitionNames(List<Partition> partitions) {
        return partitions.stream().map(Partition::name).collect(Collectors.joining(","));
    }

    /**
     * Creates on {@code target} each of {@code wanted} that it lacks (when the target table is partitioned); returns
     * the names created. Fails, naming the partition, when one cannot be created (an overlapping bound on the target).
     */
    public static List<String> createPartitions(Connection target, String table, List<Partition> wanted) throws SQLException {
        if (wanted.isEmpty() || !isPartitioned(target, table)) {
            return List.of();
        }
        Set<String> present = partitions(target, table).stream().map(Partition::name).collect(Collectors.toSet());
        List<String> created = new ArrayList<>();
        try (Statement s = target.createStatement()) {
            for (Partition p : wanted) {
                if (present.contains(p.name())) {
                    continue;
                }
                try {
                    createOrReroute(target, p);
                } catch (SQLException e) {
                    throw new SQLException("partition " + p.name() + " (" + p.bound() + ") of table " + table
                            + " cannot be created on the target: " + e.getMessage(), e.getSQLState(), e);
                }
                created.add(p.name());
            }
        }
        return created;
    }

    /**
     * Creates the partition; when the target's DEFAULT partition already holds rows of its range (rows that arrived
     * before the partition did), takes the default partition's rows out, creates the partition and writes them back
     * through the parent, which routes each to its partition — all in one transaction, past the write fence.
     */
    private static void createOrReroute(Connection target, Partition p) throws SQLException {
        boolean autoCommit = target.getAutoCommit();
        target.setAutoCommit(false);
        try (Statement s = target.createStatement()) {
            s.execute("SAVEPOINT reshard_partition");
            try {
                s.execute(p.createStatement());
            } catch (SQLException e) {
                if (!"23514".equals(e.getSQLState())) {
                    throw e;
                }
                s.execute("ROLLBACK TO SAVEPOINT reshard_partition");
                String defaultPartition = null;
                String columns = null;
                try (ResultSet r = s.executeQuery("SELECT c.oid::regclass::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = '" + p.parent().replace("'", "''") + "'::regclass AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'")) {
                    if (r.next()) {
                        defaultPartition = r.getString(1);
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute"
                        + " WHERE attrelid = '" + p.parent().replace("'", "''") + "'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''")) {
                    r.next();
                    columns = r.getString(1);
                }
                if (defaultPartition == null) {
                    throw e;
                }
                // The same transaction-local setting the fence trigger checks (cdc.PostgresCaptureSql): these rows only change partition.
                s.execute("SET LOCAL reshard.bypass_fence = 'on'");
                s.execute("CREATE TEMP TABLE reshard_rerouted ON COMMIT DROP AS SELECT " + columns + " FROM ONLY " + defaultPartition);
                s.execute("DELETE FROM ONLY " + defaultPartition);
                s.execute(p.createStatement());
                s.execute("INSERT INTO " + p.parent() + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " + columns + " FROM reshard_rerouted");
            }
            target.commit();
        } catch (SQLException e) {
            target.rollback();
            throw e;
        } finally {
            target.setAutoCommit(autoCommit);
        }
    }

    public static boolean isPartitioned(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(?)")) {
            s.setString(1, PostgresDialect.INSTANCE.quote(table));
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    /** A column whose values come from a sequence (serial, {@code nextval} default or identity). */
    public record SequencedColumn(String column, String sequence, long increment) {
    }

    /** The columns among {@code columns} that take their default from a sequence, with the sequence's name. */
    public static List<SequencedColumn> sequencedColumns(Connection connection, String table, List<String> columns) throws SQLException {
        List<SequencedColumn> found = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("""
                SELECT coalesce(pg_get_serial_sequence(?, ?),
                                substring(pg_get_expr(d.adbin, d.adrelid) FROM 'nextval\\(''([^'']+)''::regclass\\)'))
                FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = to_regclass(?) AND a.attname = ?""");
             PreparedStatement increment = connection.prepareStatement(
                     "SELECT seqincrement FROM pg_sequence WHERE seqrelid = to_regclass(?)")) {
            String regclass = PostgresDialect.INSTANCE.quote(table);
            for (String column : columns) {
                s.setString(1, regclass);
                s.setString(2, column);
                s.setString(3, regclass);
                s.setString(4, column);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && r.getString(1) != null) {
                        increment.setString(1, r.getString(1));
                        try (ResultSet i = increment.executeQuery()) {
                            if (i.next()) {
                                found.add(new SequencedColumn(column, r.getString(1), i.getLong(1)));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** The value the sequence's next {@code nextval} returns. */
    public static long nextValue(Connection connection, String sequence) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT CASE WHEN s.is_called THEN s.last_value + q.seqincrement ELSE s.last_value END"
                     + " FROM " + sequence + " s, pg_sequence q WHERE q.seqrelid = '" + sequence.replace("'", "''") + "'::regclass")) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Moves the sequence forward so its next value is above {@code past}, in steps of its increment (so per-shard
     * offsets, e.g. increment 3 starting at 2, keep their residue); never moves it back. Returns the next value.
     */
    public static long advancePast(Connection connection, String sequence, long past) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT s.last_value, s.is_called, q.seqincrement FROM " + sequence
                     + " s, pg_sequence q WHERE q.seqrelid = '" + sequence.replace("'", "''") + "'::regclass")) {
            r.next();
            long last = r.getLong(1);
            boolean called = r.getBoolean(2);
            long increment = r.getLong(3);
            long next = called ? last + increment : last;
            if (increment <= 0 || next > past) {
                return next;
            }
            long steps = (past - next) / increment + 1;
            long target = next + steps * increment;
            try (PreparedStatement set = connection.prepareStatement("SELECT setval(?::regclass, ?, false)")) {
                set.setString(1, sequence);
                set.setLong(2, target);
                set.execute();
            }
            return target;
        }
    }

    /** Unique constraints, foreign keys and check constraints, each as {@code name: definition}, sorted. */
    public static List<String> constraints(Connection connection, String table) throws SQLException {
        return strings(connection, """
                SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = to_regclass(?) AND contype IN ('u', 'f', 'c', 'x') ORDER BY 1""", table);
    }

    /** The table's own triggers (not cloned from a partitioned parent, not internal, not ours), as {@code name: definition}. */
    public static List<String> triggers(Connection connection, String table) throws SQLException {
        return strings(connection, """
                SELECT tgname || ': ' || regexp_replace(pg_get_triggerdef(oid), '^CREATE (CONSTRAINT )?TRIGGER \\S+ ', '')
                FROM pg_trigger WHERE tgrelid = to_regclass(?) AND NOT tgisinternal AND tgparentid = 0
                  AND tgname NOT LIKE 'reshard\\_%' ORDER BY 1""", table);
    }

    private static List<String> strings(Connection connection, String sql, String table) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, PostgresDialect.INSTANCE.quote(table));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(r.getString(1));
                }
            }
        }
        return found;
    }

    /** The trigger or constraint name before {@code ": "}. */
    public static String nameOf(String entry) {
        return entry.substring(0, entry.indexOf(": "));
    }

    public static Optional<String> find(List<String> entries, String name) {
        return entries.stream().filter(e -> nameOf(e).equals(name)).findFirst();
    }
}
