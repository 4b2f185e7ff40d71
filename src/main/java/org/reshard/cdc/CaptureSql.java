package org.reshard.cdc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.reshard.shard.PostgresDialect;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.SqliteDialect;

/**
 * The SQL that installs and removes change capture and write fences on a shard, of one {@link CaptureKind}.
 * Every trigger uses built-in SQL only, so writes from any client fire it, not only writes through reshard.
 */
sealed interface CaptureSql permits PostgresCaptureSql, SqliteCaptureSql {

    /** Message prefix writers match on (DESIGN 3.6). */
    String KEY_MOVED = "reshard: key moved";

    static CaptureSql of(SqlDialect dialect, CaptureKind kind) {
        return switch (dialect) {
            case PostgresDialect postgres -> kind == CaptureKind.FORWARD ? PostgresCaptureSql.FORWARD : PostgresCaptureSql.REVERSE;
            case SqliteDialect sqlite -> kind == CaptureKind.FORWARD ? SqliteCaptureSql.FORWARD : SqliteCaptureSql.REVERSE;
        };
    }

    SqlDialect dialect();

    /** Which capture this SQL installs; every object it creates is named with the kind's prefix. */
    CaptureKind kind();

    /** The changelog every capture trigger of this kind on a shard appends to. */
    default String changelog() {
        return kind().prefix() + "changelog";
    }

    /**
     * One row per shard while its fences of this kind are up: until when they hold ({@code expires_at}, on the
     * shard's own clock), and whether the operation committed to publishing ({@code committed}: then they hold
     * until they are removed).
     */
    default String fenceLease() {
        return kind().prefix() + "fence_lease";
    }

    /** A trigger's or function's name for this kind, e.g. {@code reshard_capture} or {@code reshard_rev_capture}. */
    default String name(String suffix) {
        return kind().prefix() + suffix;
    }

    List<String> createChangelog();

    List<String> installCapture(CapturedTable table);

    List<String> removeCapture(String table);

    List<String> dropChangelog();

    /** Oldest pending change's age in milliseconds, or no row when the changelog is empty. */
    String oldestChangeAgeMs();

    /** How many changes wait to be applied; the same SQL on both databases. */
    default String pendingCount() {
        return "SELECT count(*) FROM " + changelog();
    }

    /** Reads the next changes in id order: id, table, primary key JSON, shard key text; one parameter, the limit. */
    default String readChanges() {
        return "SELECT id, tbl, pk, shard_key FROM " + changelog() + " ORDER BY id LIMIT ?";
    }

    /** Fences writes to the moving ranges; on SQLite it blocks every write to the table until {@link #fenceMovedKeys}. */
    List<String> installFence(CapturedTable table);

    /** SQLite only: narrows a full-table fence to the shard keys that moved (a no-op list on PostgreSQL). */
    List<String> fenceMovedKeys(CapturedTable table);

    List<String> removeFence(String table);

    /** Sets the shard's fence lease: the fences hold for {@code millis} from now, uncommitted. Runs before the first fence. */
    List<String> leaseFence(long millis);

    /** Marks the lease committed while it has not expired; one row updated means the fences held all along. */
    String commitFence();

    /** One row: 1 when the shard has a fence lease table, else 0. */
    String fenceLeaseExists();

    /** The lease's {@code committed} flag as 0 or 1 (no row when the lease was never set); only when the table exists. */
    default String fenceCommitted() {
        return "SELECT CASE WHEN committed THEN 1 ELSE 0 END FROM " + fenceLease();
    }

    /** Drops the shard-level fence bookkeeping once every table's fence is removed. */
    List<String> dropFenceTables();

    /**
     * SQLite: adds shard keys that reshard itself wrote past a narrowed fence (a new owner's row applied back to
     * its old owner) to the fence's moved keys, so cleanup deletes them as moved copies instead of taking them for
     * rows a stale writer put there. PostgreSQL fences by hash and needs nothing.
     */
    void rememberMovedKeys(Connection connection, String table, List<String> shardKeys) throws SQLException;

    /** Statements that let this connection's transaction write to fenced rows (cleanup), and undo that. */
    List<String> bypassFence(String table, boolean on);

    /**
     * True when the shard's fence could block reshard's own writes of rows arriving from other shards:
     * SQLite's whole-table fence during the cutover pause does; PostgreSQL's hash fence never covers incoming ranges.
     */
    boolean fenceMayBlockIncoming(Connection connection) throws SQLException;

    /**
     * Settings for the transaction of a cleanup batch ({@code on}), run inside it, and the statements that
     * restore the connection after it ({@code !on}), run whether it committed or not. On PostgreSQL: no
     * parallel workers, whose start-up costs more than reading the batch (55 ms against 5 ms for 10,000 keys
     * in MemoryBench). On SQLite: a page cache that holds every index page a batch changes (docs/PERFORMANCE.md).
     */
    List<String> cleanupBatchSettings(boolean on);

    /** A condition for the rows cleanup deletes: those that moved at cutover. */
    String movedRows(CapturedTable table);

    /** A condition for rows in moved ranges written after cutover by a writer that ignored the registry (SQLite only). */
    String lateRows(CapturedTable table);

    /** True when the shard holds any capture or fence object reshard created. */
    String leftoversQuery();

    default String quote(String identifier) {
        return dialect().quote(identifier);
    }

    /** A SQL string literal; both databases double single quotes (PostgreSQL with standard_conforming_strings, the default). */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Trigger and function names derived from the table: readable, and within PostgreSQL's 63-byte limit. */
    static String objectName(String prefix, String table) {
        String name = prefix + table.replaceAll("[^A-Za-z0-9_]", "_");
        if (name.length() <= 55) {
            return name;
        }
        return name.substring(0, 46) + "_" + Integer.toHexString(table.hashCode());
    }
}
