package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.reshard.cdc.TableRows;
import org.reshard.plan.PlanStep;
import org.reshard.shard.KeyValues;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.TableSchema;
import org.sqlite.SQLiteConnection;

/**
 * SQLite → SQLite inside SQLite, as {@code ATTACH} + {@code INSERT … SELECT} would move it: the source file
 * is attached to a target connection and each batch is one INSERT … SELECT in its own transaction, so rows
 * never pass through Java. The transaction is deferred, not the pool's IMMEDIATE one: IMMEDIATE would take
 * the write lock on the attached source too and stall its writers, while a transaction whose first
 * statement writes cannot meet the stale snapshot IMMEDIATE guards against.
 */
final class SqliteStepCopier implements StepCopier {

    private static final String SOURCE = "reshard_source";

    private final ShardPools pools;
    private final PlanStep step;
    private final TableRows rows;
    private final String shardKey;
    private final int batchSize;
    private final SqlDialect dialect;
    /** The target connection with the source attached; kept from the first batch until close. */
    private Connection target;
    /** Whether the target table has row ids, looked up once. */
    private Boolean rowid;

    SqliteStepCopier(ShardPools pools, PlanStep step, TableRows rows, TableSchema schema, String shardKey, int batchSize) {
        this.pools = pools;
        this.step = step;
        this.rows = rows;
        this.shardKey = shardKey;
        this.batchSize = batchSize;
        this.dialect = pools.dialect(step.sourceShard());
    }

    @Override
    public CopiedBatch copyBatch(JsonNode cursor) throws SQLException {
        Connection c = attached();
        String table = dialect.quote(step.table());
        String slice = " FROM " + SOURCE + "." + table + " WHERE " + dialect.inRanges(dialect.quote(shardKey), step.ranges())
                + (cursor == null ? "" : " AND " + rows.keyCondition(">")) + " ORDER BY " + rows.keyList();
        String insert = "INSERT INTO main." + table + " (" + rows.columnList() + ") SELECT " + rows.columnList() + slice + " LIMIT " + batchSize;
        execute(c, "BEGIN");
        try {
            int copied;
            try (PreparedStatement s = c.prepareStatement(insert)) {
                bind(s, cursor);
                copied = s.executeUpdate();
            }
            if (copied == 0) {
                execute(c, "ROLLBACK");
                return new CopiedBatch(0, cursor);
            }
            List<Object> key = lastKey(c, table, slice, cursor, copied);
            FaultPoints.reach("copy.batch-written");
            execute(c, "COMMIT");
            return new CopiedBatch(copied, KeyValues.toJson(key));
        } catch (SQLException | RuntimeException e) {
            SQLException failed = new SQLException("copying a batch of " + step.table() + " from shard " + step.sourceShard()
                    + " to shard " + step.targetShard() + " failed: " + e.getMessage(), e);
            try {
                execute(c, "ROLLBACK");
            } catch (SQLException rollback) {
                failed.addSuppressed(rollback);
            }
            throw failed;
        }
    }

    /**
     * The copied rows' last key, for the cursor. Rows go in in key order, so in a rowid table it is the key of
     * the last row inserted; a WITHOUT ROWID table has no such row id, and the source's slice is read
     * again up to the batch's last row (the same transaction sees the same snapshot of the source).
     */
    private List<Object> lastKey(Connection c, String table, String slice, JsonNode cursor, int copied) throws SQLException {
        boolean byRowid = hasRowid(c);
        String sql = byRowid ? "SELECT " + rows.keyList() + " FROM main." + table + " WHERE rowid = last_insert_rowid()"
                : "SELECT " + rows.keyList() + slice + " LIMIT 1 OFFSET ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (!byRowid) {
                s.setInt(bind(s, cursor), copied - 1);
            }
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("the last copied row of " + step.table() + " is not on shard " + step.targetShard());
                }
                return rows.readKey(r);
            }
        }
    }

    private boolean hasRowid(Connection c) throws SQLException {
        if (rowid == null) {
            try (PreparedStatement s = c.prepareStatement("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?")) {
                s.setString(1, step.table());
                try (ResultSet r = s.executeQuery()) {
                    rowid = !r.next() || r.getInt(1) == 0;
                }
            }
        }
        return rowid;
    }

    private int bind(PreparedStatement s, JsonNode cursor) throws SQLException {
        return cursor == null ? 1 : StepCopier.bindCursor(dialect, s, 1, cursor);
    }

    /** A pooled target connection, in autocommit so the batches can begin deferred transactions, with the source attached. */
    private Connection attached() throws SQLException {
        if (target != null) {
            return target;
        }
        Connection c = pools.connect(step.targetShard()).orElseThrow();
        try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS " + SOURCE)) {
            c.setAutoCommit(true);
            attach.setString(1, sourceFile());
            attach.execute();
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw new SQLException("attaching shard " + step.sourceShard() + " to shard " + step.targetShard() + " failed: " + e.getMessage(), e);
        }
        target = c;
        return c;
    }

    private String sourceFile() {
        return pools.shard(step.sourceShard()).url().substring("jdbc:sqlite:".length());
    }

    /** Detaches the source and gives the connection back; one that cannot be detached is closed for good, not pooled. */
    @Override
    public void close() throws SQLException {
        Connection c = target;
        target = null;
        if (c == null) {
            return;
        }
        try {
            execute(c, "DETACH DATABASE " + SOURCE);
        } catch (SQLException e) {
            c.unwrap(SQLiteConnection.class).close();
            throw e;
        } finally {
            c.close();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
