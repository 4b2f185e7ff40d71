package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.reshard.cdc.TableRows;
import org.reshard.plan.PlanStep;
import org.reshard.shard.KeyValues;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.TableSchema;

/** SQLite → SQLite: a keyset SELECT on the source and a batched INSERT in one transaction on the target. */
final class SqliteStepCopier implements StepCopier {

    private final ShardPools pools;
    private final PlanStep step;
    private final TableRows rows;
    private final String shardKey;
    private final int batchSize;
    private final SqlDialect dialect;

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
        String select = "SELECT " + rows.selectList() + " FROM " + dialect.quote(step.table()) + " WHERE "
                + dialect.inRanges(dialect.quote(shardKey), step.ranges())
                + (cursor == null ? "" : " AND " + StepCopier.keyAfter(dialect, rows))
                + " ORDER BY " + rows.keyList() + " LIMIT " + batchSize;
        List<List<Object>> batch = new ArrayList<>(batchSize);
        try (Connection source = pools.connect(step.sourceShard()).orElseThrow(); PreparedStatement s = source.prepareStatement(select)) {
            if (cursor != null) {
                StepCopier.bindCursor(dialect, s, 1, cursor);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    batch.add(rows.readRow(r));
                }
            }
        }
        if (batch.isEmpty()) {
            return new CopiedBatch(0, cursor);
        }
        String placeholders = String.join(", ", rows.columns().stream().map(dialect::placeholder).toList());
        String insert = "INSERT INTO " + dialect.quote(step.table()) + " (" + rows.columnList() + ") VALUES (" + placeholders + ")";
        try (Connection target = pools.connect(step.targetShard()).orElseThrow()) {
            target.setAutoCommit(false);
            try (PreparedStatement s = target.prepareStatement(insert)) {
                for (List<Object> row : batch) {
                    for (int i = 0; i < row.size(); i++) {
                        dialect.bind(s, i + 1, row.get(i));
                    }
                    s.addBatch();
                }
                s.executeBatch();
                FaultPoints.reach("copy.batch-written");
                target.commit();
            } catch (SQLException e) {
                target.rollback();
                throw new SQLException("writing batch to shard " + step.targetShard() + " failed: " + e.getMessage(), e);
            } finally {
                target.setAutoCommit(true);
            }
        }
        return new CopiedBatch(batch.size(), KeyValues.toJson(rows.keyOf(batch.getLast())));
    }

    /** Every batch opens and closes its own connections; nothing stays open between batches. */
    @Override
    public void close() {
    }
}
