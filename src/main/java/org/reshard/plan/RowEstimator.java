package org.reshard.plan;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.topology.TableSpec;

/**
 * Asks a source shard how many rows each outgoing move of a table holds. Small tables get an exact
 * count (one scan for all targets); above {@link #COUNT_LIMIT} rows the planner statistics are scaled
 * by hash share, because keys spread uniformly over the hash space.
 */
final class RowEstimator {

    static final long COUNT_LIMIT = 1_000_000;

    private final ShardPools pools;

    RowEstimator(ShardPools pools) {
        this.pools = pools;
    }

    /**
     * One estimate per move, in the order given.
     *
     * @param sourceShare the share of the hash space the source owns before the move
     */
    Result<List<StepEstimate>> estimate(TableSpec table, String source, List<RangeMove> moves, double sourceShare) {
        return pools.connect(source).flatMap(connection -> {
            try (connection) {
                return estimate(connection, pools.dialect(source), table, source, moves, sourceShare);
            } catch (SQLException e) {
                return Result.failure(ReshardError.of(ErrorCode.PLAN_GENERATION_FAILED,
                        "could not estimate table " + table.name() + " on shard " + source + ": " + e.getMessage()));
            }
        });
    }

    private Result<List<StepEstimate>> estimate(Connection connection, SqlDialect dialect, TableSpec table, String source,
                                                List<RangeMove> moves, double sourceShare) throws SQLException {
        if (!dialect.tableExists(connection, table.name())) {
            return Result.failure(ReshardError.of(ErrorCode.PLAN_GENERATION_FAILED,
                    "table " + table.name() + " does not exist on shard " + source
                            + " — create it there or leave it out with --tables"));
        }
        long bytes = dialect.tableBytes(connection, table.name());
        OptionalLong statistics = dialect.estimatedRows(connection, table.name());
        List<StepEstimate> estimates = new ArrayList<>();
        if (statistics.isPresent() && statistics.getAsLong() > COUNT_LIMIT) {
            long total = statistics.getAsLong();
            for (RangeMove move : moves) {
                double share = sourceShare <= 0 ? 0 : Math.min(1.0, move.fraction() / sourceShare);
                long rows = Math.round(total * share);
                estimates.add(new StepEstimate(rows, Math.round(bytes * share), EstimateMethod.STATISTICS));
            }
            return Result.ok(estimates);
        }
        String key = dialect.quote(table.shardKey());
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (RangeMove move : moves) {
            sql.append(", coalesce(sum(CASE WHEN ").append(dialect.inRanges(key, move.ranges())).append(" THEN 1 ELSE 0 END), 0)");
        }
        sql.append(" FROM ").append(dialect.quote(table.name()));
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql.toString())) {
            r.next();
            long total = r.getLong(1);
            for (int i = 0; i < moves.size(); i++) {
                long rows = r.getLong(i + 2);
                long stepBytes = total == 0 ? 0 : Math.round((double) bytes * rows / total);
                estimates.add(new StepEstimate(rows, stepBytes, EstimateMethod.COUNT));
            }
        }
        return Result.ok(estimates);
    }
}
