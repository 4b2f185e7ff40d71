package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.reshard.cdc.TableRows;
import org.reshard.plan.PlanStep;
import org.reshard.shard.KeyValues;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.TableSchema;

/**
 * PostgreSQL → PostgreSQL through the COPY protocol, the way a {@code psql} pipe moves data: rows
 * leave the source in one ordered stream per step, binary where {@link CopyFormat} allows it, and enter
 * the target unparsed, one transaction per batch; only each batch's last row is read, for the keyset cursor.
 */
final class PostgresStepCopier implements StepCopier {

    private final ShardPools pools;
    private final PlanStep step;
    private final TableRows rows;
    private final TableSchema schema;
    private final String shardKey;
    private final int batchSize;
    private final SqlDialect dialect;
    private Connection source;
    private CopyStream stream;
    private CopyFormat format;
    /** The key the open stream continues after: the last committed batch's, or where it started. */
    private JsonNode streamPosition;

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
     * Writes the next batch from the step's COPY OUT, which stays open across batches as long as each call
     * continues from the previous one's last key; the target commits each batch in its own transaction.
     */
    @Override
    public CopiedBatch copyBatch(JsonNode cursor) throws SQLException {
        if (stream == null || !Objects.equals(streamPosition, cursor)) {
            close();
            openStream(cursor);
        }
        try (Connection target = pools.connect(step.targetShard()).orElseThrow()) {
            target.setAutoCommit(false);
            CopyIn in = null;
            try {
                // As a replica: the target's own triggers (last_update = now()) and foreign-key checks stay quiet on rows that arrive final.
                try (Statement s = target.createStatement()) {
                    for (String setting : pools.dialect(step.targetShard()).rowWriteSettings()) {
                        s.execute(setting);
                    }
                }
                in = copyManager(target).copyIn("COPY " + dialect.quote(step.table()) + " (" + rows.columnList() + ") FROM STDIN"
                        + format.option());
                CopyStream.Moved moved = stream.writeBatch(in);
                in = null;
                if (moved.rows() == 0) {
                    target.rollback();
                    return new CopiedBatch(0, cursor);
                }
                FaultPoints.reach("copy.batch-written");
                target.commit();
                List<String> lastKey = format.keyFields(moved.lastRow(), rows.keyCount());
                streamPosition = KeyValues.toJson(new ArrayList<>(lastKey));
                return new CopiedBatch((int) moved.rows(), streamPosition);
            } catch (SQLException | RuntimeException e) {
                // A connection still in COPY mode must not go back to the pool.
                if (in != null && in.isActive()) {
                    in.cancelCopy();
                }
                SQLException failed = new SQLException("copying a batch of " + step.table() + " from shard " + step.sourceShard()
                        + " to shard " + step.targetShard() + " failed: " + e.getMessage(), e);
                try {
                    target.rollback();
                    close();
                } catch (SQLException cleanup) {
                    failed.addSuppressed(cleanup);
                }
                throw failed;
            } finally {
                target.setAutoCommit(true);
            }
        }
    }

    private void openStream(JsonNode cursor) throws SQLException {
        String select = "SELECT " + rows.columnList() + " FROM " + dialect.quote(step.table()) + " WHERE "
                + dialect.inRanges(dialect.quote(shardKey), step.ranges()) + (cursor == null ? "" : " AND " + cursorCondition(cursor))
                + " ORDER BY " + rows.keyList();
        source = pools.connect(step.sourceShard()).orElseThrow();
        try {
            source.setAutoCommit(false);
            try (Statement s = source.createStatement()) {
                // COPY formats every row in the leader alone, so parallel workers only add CPU on a shard that is serving traffic.
                s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            }
            if (format == null) {
                try (Connection target = pools.connect(step.targetShard()).orElseThrow()) {
                    format = CopyFormat.choose(schema, source, target);
                }
            }
            stream = new CopyStream(copyManager(source).copyOut("COPY (" + select + ") TO STDOUT" + format.option()), format, batchSize);
            streamPosition = cursor;
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Ends the step's COPY OUT, if one is open, and gives its connection back. */
    @Override
    public void close() throws SQLException {
        CopyStream reading = stream;
        Connection open = source;
        stream = null;
        source = null;
        streamPosition = null;
        try {
            if (reading != null) {
                reading.close();
            }
        } finally {
            if (open != null) {
                try {
                    open.rollback();
                    open.setAutoCommit(true);
                } finally {
                    open.close();
                }
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
