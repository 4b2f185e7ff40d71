package org.reshard.shard;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.reshard.topology.HashRange;
import org.reshard.topology.ShardSpec;

/** The SQL that differs between PostgreSQL and SQLite shards. */
public sealed interface SqlDialect permits PostgresDialect, SqliteDialect {

    static SqlDialect of(ShardSpec shard) {
        return shard.isPostgres() ? PostgresDialect.INSTANCE : SqliteDialect.INSTANCE;
    }

    /** A quoted SQL identifier; identifiers from topology files are always quoted, never pasted. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The routing hash of a column's value, computed inside the database. */
    String hashOf(String quotedColumn);

    /** A boolean SQL condition that is true when the column's hash falls in any of the ranges. */
    default String inRanges(String quotedColumn, List<HashRange> ranges) {
        String hash = hashOf(quotedColumn);
        return ranges.stream()
                .map(r -> hash + " BETWEEN " + r.from() + " AND " + r.to())
                .collect(Collectors.joining(" OR ", "(", ")"));
    }

    /**
     * The condition a query adds so that a shard reads only the rows it owns: the shard key's hash in one of
     * the ranges, or a NULL key (such a row has no owner to move to, so it was never copied and exists once).
     */
    default String ownedBy(String quotedColumn, List<HashRange> ranges) {
        if (ranges.isEmpty()) {
            return "(" + quotedColumn + " IS NULL)";
        }
        return "(" + inRanges(quotedColumn, ranges) + " OR " + quotedColumn + " IS NULL)";
    }

    /** True when the table exists on the connection's database. */
    boolean tableExists(Connection connection, String table) throws SQLException;

    /** The planner's row estimate for the table, when the database keeps one. */
    OptionalLong estimatedRows(Connection connection, String table) throws SQLException;

    /** The bytes the table and its indexes take on disk. */
    long tableBytes(Connection connection, String table) throws SQLException;

    /** The table's definition, or empty when it does not exist. */
    Optional<TableSchema> describe(Connection connection, String table) throws SQLException;

    /** The CREATE TABLE statement for a copy of the table with its primary key, without secondary indexes. */
    String createTable(TableSchema schema);

    /** Display name in messages. */
    String name();

    /** The select-list expression that reads a column for moving it to another shard of the same dialect. */
    String selectValue(String quotedColumn);

    /** The placeholder that binds a value read with {@link #selectValue} back into the column. */
    String placeholder(Column column);

    /** Reads a value selected with {@link #selectValue}. */
    Object read(ResultSet result, int index) throws SQLException;

    /** Binds a value read with {@link #read} or decoded with {@link #fromJson}. */
    void bind(PreparedStatement statement, int index, Object value) throws SQLException;

    /** A key value from the changelog or a copy cursor, as {@link #read} would have returned it. */
    Object fromJson(JsonNode value);

    /**
     * Statements that start every transaction in which reshard writes rows (copy, apply, cleanup, rollback,
     * trimming after a crash). On PostgreSQL {@code SET LOCAL session_replication_role = replica}: rows arrive
     * final (the source already ran its triggers), so the shard's own user triggers, and its foreign-key
     * checks, must not fire on them. Transaction-local, so a pooled connection never carries it into other
     * work (the query editor's writes, an application's). SQLite has no such switch: nothing.
     */
    default List<String> rowWriteSettings() {
        return List.of();
    }

    /**
     * Foreign keys on the connection's database in which one of the tables is the referencing or the
     * referenced table; each constraint once (on PostgreSQL, not the copies partitions inherit).
     */
    List<ForeignKey> foreignKeys(Connection connection, java.util.Collection<String> tables) throws SQLException;
}
