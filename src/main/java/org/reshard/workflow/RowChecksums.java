package org.reshard.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reshard.cdc.TableRows;
import org.reshard.plan.PlanStep;
import org.reshard.shard.KeyValues;
import org.reshard.shard.PostgresDialect;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.SqliteChecksumFunction;
import org.reshard.shard.SqliteDialect;
import org.reshard.shard.SqliteRoutingFunction;
import org.reshard.shard.TableSchema;
import org.reshard.topology.RoutingHash;

/**
 * Counts and order-independent checksums of a step's rows, computed inside the database: the sum of
 * the routing hashes of each row's canonical text. Rows are also split into 256 buckets by key, so a
 * mismatch can be narrowed to the differing keys without reading every row into memory.
 */
final class RowChecksums {

    static final int BUCKETS = 256;

    /** Count and checksum of some rows. */
    record Totals(long count, String checksum) {
    }

    private final SqlDialect dialect;
    private final PlanStep step;
    private final String shardKey;
    private final TableRows rows;
    private final String rowText;
    private final String keyText;

    RowChecksums(SqlDialect dialect, PlanStep step, TableSchema schema, String shardKey) {
        this.dialect = dialect;
        this.step = step;
        this.shardKey = shardKey;
        this.rows = new TableRows(dialect, schema, shardKey);
        List<String> columns = rows.columns().stream().map(c -> dialect.quote(c.name())).toList();
        this.rowText = text(columns);
        this.keyText = text(columns.subList(0, rows.keyCount()));
    }

    private String text(List<String> columns) {
        return switch (dialect) {
            case PostgresDialect p -> "ROW(" + String.join(", ", columns) + ")::text";
            case SqliteDialect s -> String.join(" || ',' || ", columns.stream().map(c -> "quote(" + c + ")").toList());
        };
    }

    private String hash(String text) {
        return switch (dialect) {
            case PostgresDialect p -> "hashtextextended(" + text + ", 0)";
            case SqliteDialect s -> SqliteRoutingFunction.NAME + "(" + text + ")";
        };
    }

    private String checksum() {
        return switch (dialect) {
            case PostgresDialect p -> "coalesce(sum(" + hash(rowText) + "::numeric), 0)::text";
            case SqliteDialect s -> "CAST(coalesce(" + SqliteChecksumFunction.NAME + "(" + rowText + "), 0) AS TEXT)";
        };
    }

    private String from() {
        return " FROM " + dialect.quote(step.table()) + " WHERE " + dialect.inRanges(dialect.quote(shardKey), step.ranges());
    }

    private String bucket() {
        return "(" + hash(keyText) + " & " + (BUCKETS - 1) + ")";
    }

    Totals totals(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*), " + checksum() + from())) {
            r.next();
            return new Totals(r.getLong(1), r.getString(2));
        }
    }

    Map<Integer, Totals> buckets(Connection c) throws SQLException {
        Map<Integer, Totals> buckets = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + bucket() + ", count(*), " + checksum() + from() + " GROUP BY 1")) {
            while (r.next()) {
                buckets.put(r.getInt(1), new Totals(r.getLong(2), r.getString(3)));
            }
        }
        return buckets;
    }

    /** Per canonical key, the row hash of every row in one bucket. */
    Map<String, Long> rowHashes(Connection c, int bucket) throws SQLException {
        Map<String, Long> hashes = new LinkedHashMap<>();
        String select = "SELECT " + String.join(", ", rows.columns().subList(0, rows.keyCount()).stream()
                .map(col -> dialect.selectValue(dialect.quote(col.name()))).toList()) + ", " + hash(rowText) + from() + " AND " + bucket() + " = ?";
        try (PreparedStatement s = c.prepareStatement(select)) {
            s.setInt(1, bucket);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    List<Object> key = new ArrayList<>();
                    for (int i = 1; i <= rows.keyCount(); i++) {
                        key.add(dialect.read(r, i));
                    }
                    hashes.put(KeyValues.canonical(key), r.getLong(rows.keyCount() + 1));
                }
            }
        }
        return hashes;
    }

    /** The current rows of some keys that lie in the step's ranges, as canonical texts; other keys map to nothing. */
    Map<String, String> currentRows(Connection c, List<List<Object>> keys) throws SQLException {
        Map<String, String> current = new LinkedHashMap<>();
        rows.readByKeys(c, keys).forEach((key, row) -> {
            String shardKeyText = rows.shardKeyText(row);
            if (shardKeyText != null && inStep(RoutingHash.hash(shardKeyText))) {
                current.put(key, KeyValues.canonical(row));
            }
        });
        return current;
    }

    private boolean inStep(long hash) {
        return step.ranges().stream().anyMatch(r -> r.contains(hash));
    }

    /** "id=42, part=a" for a canonical key, for messages. */
    String describeKey(String canonicalKey) {
        List<Object> values = KeyValues.fromJson(dialect, KeyValues.parse(canonicalKey));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            parts.add(rows.columns().get(i).name() + "=" + values.get(i));
        }
        return String.join(", ", parts);
    }

    List<Object> keyValues(String canonicalKey) {
        return KeyValues.fromJson(dialect, KeyValues.parse(canonicalKey));
    }
}
