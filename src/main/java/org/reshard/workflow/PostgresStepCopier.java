package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.reshard.cdc.TableRows;
import org.reshard.plan.PlanStep;
import org.reshard.shard.KeyValues;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.TableSchema;

/**
 * PostgreSQL → PostgreSQL through the COPY protocol, the way a {@code psql} pipe moves data: rows
 * leave the source as COPY text and enter the target unparsed; only the last one is read, for the
 * keyset cursor.
 */
final class PostgresStepCopier implements StepCopier {

    private final ShardPools pools;
    private final PlanStep step;
    private final TableRows rows;
    private final TableSchema schema;
    private final String shardKey;
    private final int batchSize;
    private final SqlDialect dialect;

    PostgresStepCopier(ShardPools pools, PlanStep step, TableRows rows, TableSchema schema, String shardKey, int batchSize) {
        this.pools = pools;
        this.step = step;
        this.rows = rows;
        this.schema = schema;
        this.shardKey = shardKey;
        this.batchSize = batchSize;
        this.dialect = pools.dialect(step.sourceShard());
    }

    /**
     * Streams the batch from the source's COPY OUT into the target's COPY IN through a {@link CopyPipe}, so
     * both servers work at once and no batch is held in memory; the last row gives the cursor.
     */
    @Override
    public CopiedBatch copyBatch(JsonNode cursor) throws SQLException {
        String columns = rows.columnList();
        String select = "SELECT " + columns + " FROM " + dialect.quote(step.table()) + " WHERE "
                + dialect.inRanges(dialect.quote(shardKey), step.ranges()) + (cursor == null ? "" : " AND " + cursorCondition(cursor))
                + " ORDER BY " + rows.keyList() + " LIMIT " + batchSize;
        try (Connection source = pools.connect(step.sourceShard()).orElseThrow();
             Connection target = pools.connect(step.targetShard()).orElseThrow()) {
            target.setAutoCommit(false);
            CopyIn in = null;
            CopyOut out = null;
            try {
                out = copyManager(source).copyOut("COPY (" + select + ") TO STDOUT");
                in = copyManager(target).copyIn("COPY " + dialect.quote(step.table()) + " (" + columns + ") FROM STDIN");
                CopyPipe.Moved moved = CopyPipe.run(out, in);
                long copied = moved.rows();
                byte[] last = moved.lastRow();
                in = null;
                if (copied == 0) {
                    target.rollback();
                    return new CopiedBatch(0, cursor);
                }
                FaultPoints.reach("copy.batch-written");
                target.commit();
                List<String> lastKey = CopyText.fields(last, 0, rows.keyCount());
                return new CopiedBatch((int) copied, KeyValues.toJson(new ArrayList<>(lastKey)));
            } catch (SQLException e) {
                // A connection still in COPY mode must not go back to the pool.
                if (in != null && in.isActive()) {
                    in.cancelCopy();
                }
                if (out != null && out.isActive()) {
                    out.cancelCopy();
                }
                target.rollback();
                throw new SQLException("copying a batch of " + step.table() + " from shard " + step.sourceShard() + " to shard "
                        + step.targetShard() + " failed: " + e.getMessage(), e);
            } finally {
                target.setAutoCommit(true);
            }
        }
    }

    /** COPY takes no parameters, so the cursor is inlined as cast literals. */
    private String cursorCondition(JsonNode cursor) {
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < rows.keyCount(); i++) {
            String type = schema.column(schema.primaryKey().get(i)).orElseThrow().type();
            literals.add("CAST('" + cursor.get(i).asText().replace("'", "''") + "' AS " + type + ")");
        }
        return "(" + rows.keyList() + ") > (" + String.join(", ", literals) + ")";
    }

    private static CopyManager copyManager(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }
}
