package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.reshard.cdc.TableRows;
import org.reshard.plan.PlanStep;
import org.reshard.shard.KeyValues;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.TableSchema;

/** Copies one step's rows in keyset-paginated batches, one target transaction per batch; closing releases what it keeps open. */
sealed interface StepCopier extends AutoCloseable permits PostgresStepCopier, SqliteStepCopier {

    static StepCopier of(ShardPools pools, PlanStep step, TableSchema schema, String shardKey, int batchSize) {
        TableRows rows = new TableRows(pools.dialect(step.sourceShard()), schema, shardKey);
        return switch (pools.dialect(step.sourceShard())) {
            case org.reshard.shard.PostgresDialect p -> new PostgresStepCopier(pools, step, rows, schema, shardKey, batchSize);
            case org.reshard.shard.SqliteDialect s -> new SqliteStepCopier(pools, step, rows, schema, shardKey, batchSize);
        };
    }

    /** Copies the next batch after the cursor (null: from the start) and commits it on the target. */
    CopiedBatch copyBatch(JsonNode cursor) throws SQLException;

    @Override
    void close() throws SQLException;

    /**
     * Deletes the step's rows after the cursor from the target: a batch written before a crash but not
     * checkpointed. Afterwards the copy can continue from the cursor with plain inserts.
     */
    static int trimAfter(ShardPools pools, PlanStep step, TableSchema schema, String shardKey, JsonNode cursor) throws SQLException {
        SqlDialect dialect = pools.dialect(step.targetShard());
        TableRows rows = new TableRows(dialect, schema, shardKey);
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(dialect.quote(step.table())).append(" WHERE ")
                .append(dialect.inRanges(dialect.quote(shardKey), step.ranges()));
        if (cursor != null) {
            sql.append(" AND ").append(rows.keyCondition(">"));
        }
        try (Connection c = pools.connect(step.targetShard()).orElseThrow()) {
            c.setAutoCommit(false);
            try (java.sql.Statement settings = c.createStatement(); PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (String setting : dialect.rowWriteSettings()) {
                    settings.execute(setting);
                }
                if (cursor != null) {
                    bindCursor(dialect, s, 1, cursor);
                }
                int deleted = s.executeUpdate();
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    static int bindCursor(SqlDialect dialect, PreparedStatement s, int first, JsonNode cursor) throws SQLException {
        int index = first;
        for (Object value : KeyValues.fromJson(dialect, cursor)) {
            dialect.bind(s, index++, value);
        }
        return index;
    }
}
