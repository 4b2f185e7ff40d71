package org.reshard.shard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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

    /** True when the table exists on the connection's database. */
    boolean tableExists(Connection connection, String table) throws SQLException;

    /** The planner's row estimate for the table, when the database keeps one. */
    OptionalLong estimatedRows(Connection connection, String table) throws SQLException;

    /** The bytes the table and its indexes take on disk. */
    long tableBytes(Connection connection, String table) throws SQLException;
}
