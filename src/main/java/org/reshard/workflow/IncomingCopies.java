package org.reshard.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.reshard.cdc.TableRows;
import org.reshard.plan.PlanStep;
import org.reshard.shard.SqlDialect;

/**
 * A TRUNCATE on a shard that is also a target empties the rows other sources copied into it. This copies them again:
 * every row in the step's ranges, read from its source in key order and upserted as replica. Changes the source makes
 * meanwhile are captured there and applied after, so the copies converge as during the copy phase.
 */
final class IncomingCopies {

    private IncomingCopies() {
    }

    /** Copies again every step's rows of {@code table} that arrive on {@code shard}; returns how many rows. */
    static long restore(OperationContext context, String shard, String table) throws SQLException {
        long total = 0;
        for (PlanStep step : context.stepsTo(shard)) {
            if (!step.table().equals(table)) {
                continue;
            }
            long copied = copyAgain(context, step);
            total += copied;
            context.event("table " + table + " on shard " + shard + " was truncated, which emptied the rows copied into it: "
                    + OperationContext.describe(step) + " copied its " + copied + " rows again");
        }
        return total;
    }

    private static long copyAgain(OperationContext context, PlanStep step) throws SQLException {
        SqlDialect dialect = context.pools.dialect(step.sourceShard());
        TableRows rows = new TableRows(dialect, context.sourceSchema(step.sourceShard(), step.table()), context.table(step.table()).shardKey());
        String slice = " FROM " + dialect.quote(step.table()) + " t WHERE " + dialect.inRanges(dialect.quote(rows.shardKeyColumn()), step.ranges());
        // Qualified: the select list may give a key column's text form its name, and ORDER BY would sort by that text.
        String order = String.join(", ", context.table(step.table()).primaryKey().stream().map(c -> "t." + dialect.quote(c)).toList());
        long copied = 0;
        List<Object> after = null;
        while (true) {
            context.checkStop();
            List<List<Object>> batch = new ArrayList<>();
            try (Connection source = context.connect(step.sourceShard());
                 PreparedStatement s = source.prepareStatement("SELECT " + rows.selectList() + slice
                         + (after == null ? "" : " AND " + rows.keyCondition(">")) + " ORDER BY " + order
                         + " LIMIT " + context.options.batchSize())) {
                if (after != null) {
                    rows.bindKey(s, 1, after);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        batch.add(rows.readRow(r));
                    }
                }
            }
            if (batch.isEmpty()) {
                return copied;
            }
            try (Connection target = context.connect(step.targetShard())) {
                target.setAutoCommit(false);
                try (Statement settings = target.createStatement()) {
                    for (String statement : context.pools.dialect(step.targetShard()).rowWriteSettings()) {
                        settings.execute(statement);
                    }
                    copied += rows.upsert(target, batch);
                    target.commit();
                } catch (SQLException | RuntimeException e) {
                    target.rollback();
                    throw e;
                } finally {
                    target.setAutoCommit(true);
                }
            }
            after = rows.keyOf(batch.getLast());
        }
    }
}
