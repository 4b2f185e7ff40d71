package org.reshard.plan.design;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.topology.HashRange;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;

/**
 * Measures what each shard of a topology holds over its tables, as the planner estimates a step: an exact
 * count of the rows the shard owns for small tables, the database's statistics above {@link #COUNT_LIMIT}.
 * A shard that cannot be reached is left out (the designer then uses the hash share for it) with a warning.
 */
public final class ShardLoads {

    static final long COUNT_LIMIT = 1_000_000;

    /** The loads measured and what could not be measured, in words. */
    public record Measured(Map<String, ShardLoad> loads, List<String> warnings) {
    }

    private ShardLoads() {
    }

    public static Measured measure(Topology topology) {
        Map<String, ShardLoad> loads = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Map<String, List<HashRange>> owned = topology.partition().rangesByShard();
        try (ShardPools pools = new ShardPools(topology.shards())) {
            for (String id : topology.shardIds()) {
                Result<Connection> connection = pools.connect(id);
                if (connection instanceof Result.Failure<Connection> failure) {
                    warnings.add(failure.error().message() + " — its share is counted by hash share");
                    continue;
                }
                try (Connection c = connection.orElseThrow()) {
                    long rows = 0;
                    long bytes = 0;
                    for (TableSpec table : topology.tables()) {
                        long[] measured = measure(c, pools.dialect(id), table, owned.getOrDefault(id, List.of()));
                        rows += measured[0];
                        bytes += measured[1];
                    }
                    loads.put(id, new ShardLoad(rows, bytes));
                } catch (SQLException | RuntimeException e) {
                    warnings.add("could not count the rows of shard " + id + ": " + e.getMessage() + " — its share is counted by hash share");
                }
            }
        }
        return new Measured(loads, warnings);
    }

    private static long[] measure(Connection c, SqlDialect dialect, TableSpec table, List<HashRange> ranges) throws SQLException {
        if (ranges.isEmpty() || !dialect.tableExists(c, table.name())) {
            return new long[] {0, 0};
        }
        long bytes = dialect.tableBytes(c, table.name());
        OptionalLong statistics = dialect.estimatedRows(c, table.name());
        if (statistics.isPresent() && statistics.getAsLong() > COUNT_LIMIT) {
            return new long[] {statistics.getAsLong(), bytes};
        }
        String sql = "SELECT count(*), coalesce(sum(CASE WHEN " + dialect.inRanges(dialect.quote(table.shardKey()), ranges)
                + " THEN 1 ELSE 0 END), 0) FROM " + dialect.quote(table.name());
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            long all = r.getLong(1);
            long own = r.getLong(2);
            // rows kept from an earlier resharding (not owned) take space but do not move: count the owned share of the bytes
            return new long[] {own, all == 0 ? 0 : Math.round((double) bytes * own / all)};
        }
    }
}
