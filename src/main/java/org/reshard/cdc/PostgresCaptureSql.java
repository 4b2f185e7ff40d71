package org.reshard.cdc;

import java.util.List;
import org.reshard.shard.PostgresDialect;
import org.reshard.shard.SqlDialect;
import org.reshard.topology.TableSpec;

/** Capture and fences on PostgreSQL: PL/pgSQL triggers that test the row's hash against the moving ranges. */
final class PostgresCaptureSql implements CaptureSql {

    static final PostgresCaptureSql FORWARD = new PostgresCaptureSql(CaptureKind.FORWARD);
    static final PostgresCaptureSql REVERSE = new PostgresCaptureSql(CaptureKind.REVERSE);
    /** One setting for both kinds: a transaction that may write past fences may write past either. */
    private static final String BYPASS_SETTING = "reshard.bypass_fence";

    private final CaptureKind kind;

    private PostgresCaptureSql(CaptureKind kind) {
        this.kind = kind;
    }

    @Override
    public CaptureKind kind() {
        return kind;
    }

    @Override
    public SqlDialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    public List<String> createChangelog() {
        return List.of("CREATE TABLE IF NOT EXISTS " + changelog() + " (id bigserial PRIMARY KEY, tbl text NOT NULL, pk text NOT NULL,"
                + " shard_key text, changed_at timestamptz NOT NULL DEFAULT clock_timestamp())",
                """
                CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $reshard$
                BEGIN
                  RAISE EXCEPTION 'reshard: TRUNCATE of table %% is blocked while it is being resharded', TG_TABLE_NAME
                    USING ERRCODE = '55000';
                END $reshard$""".formatted(name("block_truncate")));
    }

    @Override
    public List<String> installCapture(CapturedTable table) {
        TableSpec spec = table.spec();
        String function = quote(CaptureSql.objectName(name("capture_"), spec.name()));
        String key = quote(spec.shardKey());
        String functionSql = """
                CREATE OR REPLACE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $reshard$
                DECLARE
                  moving CONSTANT int8multirange := %2$s;
                  old_logged boolean := false;
                BEGIN
                  IF TG_OP <> 'INSERT' AND moving @> hashtextextended(OLD.%3$s::text, 0) THEN
                    INSERT INTO %4$s (tbl, pk, shard_key) VALUES (%5$s, %6$s, OLD.%3$s::text);
                    old_logged := true;
                  END IF;
                  IF TG_OP <> 'DELETE' AND moving @> hashtextextended(NEW.%3$s::text, 0)
                     AND NOT (old_logged AND %6$s = %7$s AND OLD.%3$s IS NOT DISTINCT FROM NEW.%3$s) THEN
                    INSERT INTO %4$s (tbl, pk, shard_key) VALUES (%5$s, %7$s, NEW.%3$s::text);
                  END IF;
                  RETURN NULL;
                END $reshard$""".formatted(function, PostgresDialect.multirange(table.movingRanges()), key, changelog(),
                CaptureSql.literal(spec.name()), keyJson("OLD", spec), keyJson("NEW", spec));
        String quotedTable = quote(spec.name());
        return List.of(functionSql,
                "DROP TRIGGER IF EXISTS " + name("capture") + " ON " + quotedTable,
                "CREATE TRIGGER " + name("capture") + " AFTER INSERT OR UPDATE OR DELETE ON " + quotedTable
                        + " FOR EACH ROW EXECUTE FUNCTION " + function + "()",
                "DROP TRIGGER IF EXISTS " + name("no_truncate") + " ON " + quotedTable,
                "CREATE TRIGGER " + name("no_truncate") + " BEFORE TRUNCATE ON " + quotedTable
                        + " FOR EACH STATEMENT EXECUTE FUNCTION " + name("block_truncate") + "()");
    }

    /**
     * Logs every row of one partition that lies in the moving ranges, as if each had just been written: for a
     * partition attached during the operation, whose rows were there before the capture trigger was cloned onto it.
     */
    List<String> logPartitionRows(CapturedTable table, String partition) {
        TableSpec spec = table.spec();
        return List.of("INSERT INTO " + changelog() + " (tbl, pk, shard_key) SELECT " + CaptureSql.literal(spec.name()) + ", "
                + keyJson("p", spec) + ", p." + quote(spec.shardKey()) + "::text FROM ONLY " + partition + " p WHERE "
                + PostgresDialect.multirange(table.movingRanges()) + " @> hashtextextended(p." + quote(spec.shardKey()) + "::text, 0)");
    }

    /** The key JSON and shard key text of every row of one partition that lies in the moving ranges. */
    String partitionKeys(CapturedTable table, String partition) {
        TableSpec spec = table.spec();
        return "SELECT " + keyJson("p", spec) + ", p." + quote(spec.shardKey()) + "::text FROM ONLY " + partition + " p WHERE "
                + PostgresDialect.multirange(table.movingRanges()) + " @> hashtextextended(p." + quote(spec.shardKey()) + "::text, 0)";
    }

    /**
     * The primary key as a JSON array of the columns' text forms, e.g. {@code ["42","a"]}: the same texts the
     * applier reads from rows, so a change and its row match, and casting them back restores the values.
     */
    private String keyJson(String row, TableSpec spec) {
        return "json_build_array(" + String.join(", ", spec.primaryKey().stream().map(c -> row + "." + quote(c) + "::text").toList()) + ")::text";
    }

    @Override
    public List<String> removeCapture(String table) {
        return List.of("DROP TRIGGER IF EXISTS " + name("capture") + " ON " + quote(table),
                "DROP TRIGGER IF EXISTS " + name("no_truncate") + " ON " + quote(table),
                "DROP FUNCTION IF EXISTS " + quote(CaptureSql.objectName(name("capture_"), table)) + "()");
    }

    @Override
    public List<String> dropChangelog() {
        return List.of("DROP TABLE IF EXISTS " + changelog(), "DROP FUNCTION IF EXISTS " + name("block_truncate") + "()");
    }

    @Override
    public String oldestChangeAgeMs() {
        return "SELECT (extract(epoch FROM clock_timestamp() - changed_at) * 1000)::bigint FROM " + changelog() + " ORDER BY id LIMIT 1";
    }

    @Override
    public List<String> installFence(CapturedTable table) {
        TableSpec spec = table.spec();
        String function = quote(CaptureSql.objectName(name("fence_"), spec.name()));
        String key = quote(spec.shardKey());
        String functionSql = """
                CREATE OR REPLACE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $reshard$
                DECLARE
                  moved CONSTANT int8multirange := %2$s;
                BEGIN
                  IF coalesce(current_setting('%4$s', true), '') <> 'on' AND (
                       (TG_OP <> 'INSERT' AND moved @> hashtextextended(OLD.%3$s::text, 0))
                    OR (TG_OP <> 'DELETE' AND moved @> hashtextextended(NEW.%3$s::text, 0)))
                    AND EXISTS (SELECT 1 FROM %7$s WHERE committed OR expires_at > clock_timestamp()) THEN
                    RAISE EXCEPTION '%5$s: %% %% of table %% belongs to another shard now; re-read the topology registry and retry',
                      %6$s, CASE WHEN TG_OP = 'DELETE' THEN OLD.%3$s ELSE NEW.%3$s END, TG_TABLE_NAME
                      USING ERRCODE = '55000';
                  END IF;
                  IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                  END IF;
                  RETURN NEW;
                END $reshard$""".formatted(function, PostgresDialect.multirange(table.movingRanges()), key, BYPASS_SETTING,
                KEY_MOVED, CaptureSql.literal(spec.shardKey()), fenceLease());
        String quotedTable = quote(spec.name());
        return List.of(functionSql,
                "DROP TRIGGER IF EXISTS " + name("fence") + " ON " + quotedTable,
                "CREATE TRIGGER " + name("fence") + " BEFORE INSERT OR UPDATE OR DELETE ON " + quotedTable
                        + " FOR EACH ROW EXECUTE FUNCTION " + function + "()");
    }

    /** The hash fence is exact on PostgreSQL; nothing to narrow. */
    @Override
    public List<String> fenceMovedKeys(CapturedTable table) {
        return List.of();
    }

    @Override
    public List<String> removeFence(String table) {
        return List.of("DROP TRIGGER IF EXISTS " + name("fence") + " ON " + quote(table),
                "DROP FUNCTION IF EXISTS " + quote(CaptureSql.objectName(name("fence_"), table)) + "()");
    }

    @Override
    public List<String> dropFenceTables() {
        return List.of("DROP TABLE IF EXISTS " + fenceLease());
    }

    @Override
    public List<String> leaseFence(long millis) {
        return List.of("CREATE TABLE IF NOT EXISTS " + fenceLease() + " (expires_at timestamptz NOT NULL, committed boolean NOT NULL)",
                "DELETE FROM " + fenceLease(),
                "INSERT INTO " + fenceLease() + " VALUES (clock_timestamp() + interval '" + millis + " milliseconds', false)");
    }

    @Override
    public String commitFence() {
        return "UPDATE " + fenceLease() + " SET committed = true WHERE committed OR expires_at > clock_timestamp()";
    }

    @Override
    public String fenceLeaseExists() {
        return "SELECT CASE WHEN to_regclass('" + fenceLease() + "') IS NULL THEN 0 ELSE 1 END";
    }

    @Override
    public void rememberMovedKeys(java.sql.Connection connection, String table, List<String> shardKeys) {
        // The hash fence covers every key of the moved ranges already.
    }

    /** A transaction-local setting the fence trigger checks; other sessions never see it. */
    @Override
    public List<String> bypassFence(String table, boolean on) {
        return List.of("SET LOCAL " + BYPASS_SETTING + " = '" + (on ? "on" : "off") + "'");
    }

    @Override
    public List<String> cleanupBatchSettings(boolean on) {
        // SET LOCAL ends with the transaction, so there is nothing to restore.
        return on ? List.of("SET LOCAL max_parallel_workers_per_gather = 0") : List.of();
    }

    @Override
    public String movedRows(CapturedTable table) {
        return dialect().inRanges(quote(table.spec().shardKey()), table.movingRanges());
    }

    /** The hash fence rejected every such write, so there are none. */
    @Override
    public String lateRows(CapturedTable table) {
        return "FALSE";
    }

    @Override
    public boolean fenceMayBlockIncoming(java.sql.Connection connection) {
        return false;
    }

    @Override
    public String leftoversQuery() {
        return "SELECT 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass::text FROM pg_trigger t WHERE t.tgname IN"
                + " ('" + name("capture") + "', '" + name("fence") + "', '" + name("no_truncate") + "')"
                + " UNION ALL SELECT 'table " + changelog() + "' WHERE to_regclass('" + changelog() + "') IS NOT NULL"
                + " UNION ALL SELECT 'table " + fenceLease() + "' WHERE to_regclass('" + fenceLease() + "') IS NOT NULL";
    }
}
