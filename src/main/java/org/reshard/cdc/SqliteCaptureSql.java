package org.reshard.cdc;

import java.util.ArrayList;
import java.util.List;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.SqliteDialect;
import org.reshard.topology.TableSpec;

/**
 * Capture and fences on SQLite. Other writers' connections lack the routing hash, so the capture
 * triggers log every change (the applier filters by hash) and the fence matches moved shard keys
 * listed in {@code reshard_fence_keys} — or, during the cutover pause, every row of the table.
 */
final class SqliteCaptureSql implements CaptureSql {

    static final SqliteCaptureSql FORWARD = new SqliteCaptureSql(CaptureKind.FORWARD);
    static final SqliteCaptureSql REVERSE = new SqliteCaptureSql(CaptureKind.REVERSE);
    /** Milliseconds since 1970 on SQLite's clock; built in, so any writer's connection can evaluate the fence. */
    private static final String NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
    /** Page cache sizes in KiB, negative as {@code PRAGMA cache_size} takes them: SQLite's default, and cleanup's. */
    private static final int DEFAULT_CACHE_KIB = -2000;
    private static final int CLEANUP_CACHE_KIB = -32768;

    private final CaptureKind kind;
    /** Per fenced table: whether the whole table is blocked (the cutover pause) and whether reshard's own writes pass. */
    private final String fence;
    /** The shard keys that moved, which the narrowed fence blocks. */
    private final String fenceKeys;

    private SqliteCaptureSql(CaptureKind kind) {
        this.kind = kind;
        this.fence = kind.prefix() + "fence";
        this.fenceKeys = kind.prefix() + "fence_keys";
    }

    @Override
    public CaptureKind kind() {
        return kind;
    }

    @Override
    public SqlDialect dialect() {
        return SqliteDialect.INSTANCE;
    }

    /** No AUTOINCREMENT: it would leave SQLite's sqlite_sequence table behind after a rollback. */
    @Override
    public List<String> createChangelog() {
        return List.of("CREATE TABLE IF NOT EXISTS " + changelog() + " (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, pk TEXT NOT NULL,"
                + " shard_key TEXT, changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))");
    }

    @Override
    public List<String> installCapture(CapturedTable table) {
        TableSpec spec = table.spec();
        String name = spec.name();
        String on = quote(name);
        String insertNew = logRow("NEW", spec);
        String insertOld = logRow("OLD", spec);
        String key = quote(spec.shardKey());
        return List.of(
                "CREATE TRIGGER IF NOT EXISTS " + trigger(name("capture_"), name, "_ins") + " AFTER INSERT ON " + on
                        + " BEGIN " + insertNew + "; END",
                "CREATE TRIGGER IF NOT EXISTS " + trigger(name("capture_"), name, "_upd") + " AFTER UPDATE ON " + on
                        + " BEGIN " + insertOld + "; "
                        + insertNew + " WHERE " + keyJson("NEW", spec) + " IS NOT " + keyJson("OLD", spec) + " OR NEW." + key + " IS NOT OLD." + key
                        + "; END",
                "CREATE TRIGGER IF NOT EXISTS " + trigger(name("capture_"), name, "_del") + " AFTER DELETE ON " + on
                        + " BEGIN " + insertOld + "; END");
    }

    /** INSERT … SELECT rather than VALUES, so the update trigger can add a WHERE clause. */
    private String logRow(String row, TableSpec spec) {
        return "INSERT INTO " + changelog() + " (tbl, pk, shard_key) SELECT " + CaptureSql.literal(spec.name()) + ", "
                + keyJson(row, spec) + ", CAST(" + row + "." + quote(spec.shardKey()) + " AS TEXT)";
    }

    private String keyJson(String row, TableSpec spec) {
        return "json_array(" + String.join(", ", spec.primaryKey().stream().map(c -> row + "." + quote(c)).toList()) + ")";
    }

    private String trigger(String prefix, String table, String suffix) {
        return quote(CaptureSql.objectName(prefix, table) + suffix);
    }

    @Override
    public List<String> removeCapture(String table) {
        return List.of("DROP TRIGGER IF EXISTS " + trigger(name("capture_"), table, "_ins"),
                "DROP TRIGGER IF EXISTS " + trigger(name("capture_"), table, "_upd"),
                "DROP TRIGGER IF EXISTS " + trigger(name("capture_"), table, "_del"));
    }

    @Override
    public List<String> dropChangelog() {
        return List.of("DROP TABLE IF EXISTS " + changelog());
    }

    @Override
    public String oldestChangeAgeMs() {
        return "SELECT CAST((julianday('now') - julianday(changed_at)) * 86400000.0 AS INTEGER) FROM " + changelog() + " ORDER BY id LIMIT 1";
    }

    @Override
    public List<String> installFence(CapturedTable table) {
        String name = table.name();
        String on = quote(name);
        String tbl = CaptureSql.literal(name);
        String key = quote(table.spec().shardKey());
        String notBypassed = "NOT EXISTS (SELECT 1 FROM " + fence + " WHERE tbl = " + tbl + " AND bypass = 1)"
                + " AND EXISTS (SELECT 1 FROM " + fenceLease() + " WHERE committed = 1 OR expires_at > " + NOW_MS + ")";
        String blockAll = "EXISTS (SELECT 1 FROM " + fence + " WHERE tbl = " + tbl + " AND block_all = 1)";
        String raise = " BEGIN SELECT RAISE(ABORT, " + CaptureSql.literal(KEY_MOVED + ": rows of table " + name
                + " in the moving hash ranges belong to another shard now; re-read the topology registry and retry") + "); END";
        List<String> sql = new ArrayList<>(List.of(
                "CREATE TABLE IF NOT EXISTS " + fence + " (tbl TEXT PRIMARY KEY, block_all INTEGER NOT NULL, bypass INTEGER NOT NULL DEFAULT 0)",
                "CREATE TABLE IF NOT EXISTS " + fenceKeys + " (tbl TEXT NOT NULL, shard_key TEXT NOT NULL, PRIMARY KEY (tbl, shard_key)) WITHOUT ROWID",
                "INSERT INTO " + fence + " (tbl, block_all) VALUES (" + tbl + ", 1) ON CONFLICT (tbl) DO UPDATE SET block_all = 1"));
        sql.add("CREATE TRIGGER IF NOT EXISTS " + trigger(name("fence_"), name, "_ins") + " BEFORE INSERT ON " + on
                + " WHEN " + notBypassed + " AND (" + blockAll + " OR " + movedKey("NEW", tbl, key) + ")" + raise);
        sql.add("CREATE TRIGGER IF NOT EXISTS " + trigger(name("fence_"), name, "_upd") + " BEFORE UPDATE ON " + on
                + " WHEN " + notBypassed + " AND (" + blockAll + " OR " + movedKey("OLD", tbl, key) + " OR " + movedKey("NEW", tbl, key) + ")" + raise);
        sql.add("CREATE TRIGGER IF NOT EXISTS " + trigger(name("fence_"), name, "_del") + " BEFORE DELETE ON " + on
                + " WHEN " + notBypassed + " AND (" + blockAll + " OR " + movedKey("OLD", tbl, key) + ")" + raise);
        return sql;
    }

    private String movedKey(String row, String tbl, String key) {
        return "EXISTS (SELECT 1 FROM " + fenceKeys + " WHERE tbl = " + tbl + " AND shard_key = CAST(" + row + "." + key + " AS TEXT))";
    }

    /** Runs on reshard's own connection, where {@code reshard_hash} exists, to list the shard keys that moved. */
    @Override
    public List<String> fenceMovedKeys(CapturedTable table) {
        String tbl = CaptureSql.literal(table.name());
        String key = quote(table.spec().shardKey());
        return List.of("INSERT OR IGNORE INTO " + fenceKeys + " (tbl, shard_key) SELECT DISTINCT " + tbl + ", CAST(" + key
                        + " AS TEXT) FROM " + quote(table.name()) + " WHERE " + dialect().inRanges(key, table.movingRanges()),
                "UPDATE " + fence + " SET block_all = 0 WHERE tbl = " + tbl);
    }

    @Override
    public List<String> removeFence(String table) {
        return List.of("DROP TRIGGER IF EXISTS " + trigger(name("fence_"), table, "_ins"),
                "DROP TRIGGER IF EXISTS " + trigger(name("fence_"), table, "_upd"),
                "DROP TRIGGER IF EXISTS " + trigger(name("fence_"), table, "_del"));
    }

    @Override
    public List<String> dropFenceTables() {
        return List.of("DROP TABLE IF EXISTS " + fenceKeys, "DROP TABLE IF EXISTS " + fence, "DROP TABLE IF EXISTS " + fenceLease());
    }

    @Override
    public List<String> leaseFence(long millis) {
        return List.of("CREATE TABLE IF NOT EXISTS " + fenceLease() + " (expires_at INTEGER NOT NULL, committed INTEGER NOT NULL)",
                "DELETE FROM " + fenceLease(),
                "INSERT INTO " + fenceLease() + " VALUES (" + NOW_MS + " + " + millis + ", 0)");
    }

    @Override
    public String commitFence() {
        return "UPDATE " + fenceLease() + " SET committed = 1 WHERE committed = 1 OR expires_at > " + NOW_MS;
    }

    @Override
    public String fenceLeaseExists() {
        return "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + fenceLease() + "'";
    }

    @Override
    public void rememberMovedKeys(java.sql.Connection connection, String table, List<String> shardKeys) throws java.sql.SQLException {
        try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO " + fenceKeys + " (tbl, shard_key) VALUES (?, ?)")) {
            for (String key : shardKeys) {
                if (key != null) {
                    insert.setString(1, table);
                    insert.setString(2, key);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** SQLite has one writer at a time, so no other connection can write while this transaction has the flag set. */
    @Override
    public List<String> bypassFence(String table, boolean on) {
        return List.of("UPDATE " + fence + " SET bypass = " + (on ? 1 : 0) + " WHERE tbl = " + CaptureSql.literal(table));
    }

    @Override
    public List<String> cleanupBatchSettings(boolean on) {
        // Deleting a batch of scattered keys changes most leaf pages of every index; with SQLite's default
        // 2 MB cache they are evicted, re-read and spilled to the WAL within the batch. The pooled connection
        // goes back to the default afterwards, which frees the pages.
        return List.of("PRAGMA cache_size = " + (on ? CLEANUP_CACHE_KIB : DEFAULT_CACHE_KIB));
    }

    @Override
    public String movedRows(CapturedTable table) {
        return dialect().inRanges(quote(table.spec().shardKey()), table.movingRanges()) + " AND " + fencedKey(table, true);
    }

    @Override
    public String lateRows(CapturedTable table) {
        return dialect().inRanges(quote(table.spec().shardKey()), table.movingRanges()) + " AND " + fencedKey(table, false);
    }

    /**
     * A lookup of the row's key in the fence-key index, row by row: an IN list would be built anew from every
     * moved key by each statement, and cleanup runs two statements per batch.
     */
    private String fencedKey(CapturedTable table, boolean fenced) {
        return (fenced ? "" : "NOT ") + movedKey(quote(table.name()), CaptureSql.literal(table.name()), quote(table.spec().shardKey()));
    }

    @Override
    public boolean fenceMayBlockIncoming(java.sql.Connection connection) throws java.sql.SQLException {
        try (java.sql.Statement s = connection.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + fence + "'")) {
            return r.next();
        }
    }

    @Override
    public String leftoversQuery() {
        return "SELECT type || ' ' || name FROM sqlite_master WHERE name IN ('" + changelog() + "', '" + fence + "', '" + fenceKeys + "', '"
                + fenceLease() + "')"
                + " OR (type = 'trigger' AND (name LIKE '" + like(name("capture_")) + "%' ESCAPE '\\' OR name LIKE '" + like(name("fence_"))
                + "%' ESCAPE '\\'))";
    }

    /** A LIKE pattern matching the text literally ({@code _} escaped). */
    private static String like(String text) {
        return text.replace("_", "\\_");
    }
}
