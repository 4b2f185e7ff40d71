package org.reshard.shard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.reshard.common.Result;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;

/** Each shard of a topology: reachable or not (and why), and how many rows each table holds. */
public final class ShardInventory {

    /** Above this many rows the database's statistics stand in for a count, which would scan the table. */
    static final long COUNT_LIMIT = 1_000_000;

    /** A table's rows on a shard; {@code estimated} when they come from statistics; -1 when the table is missing. */
    public record TableRows(String table, long rows, boolean estimated) {
    }

    /** One shard's report; {@code error} is null when it answered. */
    public record ShardReport(ShardSpec shard, String error, List<TableRows> tables) {

        public boolean reachable() {
            return error == null;
        }

        public long totalRows() {
            return tables.stream().mapToLong(t -> Math.max(0, t.rows())).sum();
        }
    }

    private ShardInventory() {
    }

    /** Asks every shard at once; a slow or dead shard does not hold up the others' answers. */
    public static List<ShardReport> check(Topology topology) {
        try (ShardPools pools = new ShardPools(topology.shards())) {
            List<CompletableFuture<ShardReport>> answers = new ArrayList<>();
            for (ShardSpec shard : topology.shards()) {
                answers.add(CompletableFuture.supplyAsync(() -> report(pools, shard, topology.tables())));
            }
            return answers.stream().map(CompletableFuture::join).toList();
        }
    }

    private static ShardReport report(ShardPools pools, ShardSpec shard, List<TableSpec> tables) {
        return switch (pools.connect(shard.id())) {
            case Result.Failure<Connection> failure -> new ShardReport(shard, failure.error().message(), List.of());
            case Result.Ok<Connection> ok -> {
                try (Connection c = ok.value()) {
                    SqlDialect dialect = pools.dialect(shard.id());
                    List<TableRows> rows = new ArrayList<>();
                    for (TableSpec table : tables) {
                        rows.add(rows(c, dialect, table.name()));
                    }
                    yield new ShardReport(shard, null, rows);
                } catch (SQLException e) {
                    yield new ShardReport(shard, e.getMessage(), List.of());
                }
            }
        };
    }

    private static TableRows rows(Connection c, SqlDialect dialect, String table) throws SQLException {
        if (!dialect.tableExists(c, table)) {
            return new TableRows(table, -1, false);
        }
        OptionalLong estimate = dialect.estimatedRows(c, table);
        if (estimate.isPresent() && estimate.getAsLong() > COUNT_LIMIT) {
            return new TableRows(table, estimate.getAsLong(), true);
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + dialect.quote(table))) {
            r.next();
            return new TableRows(table, r.getLong(1), false);
        }
    }

    /** Rows per shard id over all tables, for the diff legend. */
    public static Map<String, Long> rowsByShard(List<ShardReport> reports) {
        Map<String, Long> rows = new LinkedHashMap<>();
        reports.forEach(r -> rows.put(r.shard().id(), r.totalRows()));
        return rows;
    }
}
