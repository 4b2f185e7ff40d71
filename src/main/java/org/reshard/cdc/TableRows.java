package org.reshard.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reshard.shard.Column;
import org.reshard.shard.KeyValues;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.TableSchema;
import org.reshard.topology.HashRange;

/** Reads rows by primary key and writes them (upsert, ranged delete) with one dialect's value handling. */
public final class TableRows {

    private static final int KEYS_PER_QUERY = 200;

    private final SqlDialect dialect;
    private final TableSchema schema;
    private final String shardKey;
    private final List<Column> columns;
    private final int keyCount;

    public TableRows(SqlDialect dialect, TableSchema schema, String shardKey) {
        this.dialect = dialect;
        this.schema = schema;
        this.shardKey = shardKey;
        this.columns = schema.copiedColumns();
        this.keyCount = schema.primaryKey().size();
    }

    public List<Column> columns() {
        return columns;
    }

    /** How many leading columns form the primary key. */
    public int keyCount() {
        return keyCount;
    }

    /** The select list of the copied columns, primary key first. */
    public String selectList() {
        return String.join(", ", columns.stream().map(c -> dialect.selectValue(dialect.quote(c.name()))).toList());
    }

    public String columnList() {
        return String.join(", ", columns.stream().map(c -> dialect.quote(c.name())).toList());
    }

    public String keyList() {
        return String.join(", ", schema.primaryKey().stream().map(dialect::quote).toList());
    }

    /** {@code (k1, k2) <op> (?, ?)}: the primary key compared with a key given as parameters. */
    public String keyCondition(String operator) {
        List<String> placeholders = columns.subList(0, keyCount).stream().map(dialect::placeholder).toList();
        return "(" + keyList() + ") " + operator + " (" + String.join(", ", placeholders) + ")";
    }

    /** Binds one key's values from {@code first} on; returns the next parameter index. */
    public int bindKey(PreparedStatement statement, int first, List<Object> key) throws SQLException {
        return bindKeys(statement, first, List.of(key));
    }

    /** The primary key of the current row of a result that selects {@link #keyList()} first. */
    public List<Object> readKey(ResultSet result) throws SQLException {
        List<Object> key = new ArrayList<>(keyCount);
        for (int i = 1; i <= keyCount; i++) {
            key.add(dialect.read(result, i));
        }
        return key;
    }

    public List<Object> readRow(ResultSet result) throws SQLException {
        List<Object> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
            row.add(dialect.read(result, i));
        }
        return row;
    }

    public List<Object> keyOf(List<Object> row) {
        return row.subList(0, keyCount);
    }

    /** The shard key column's name. */
    public String shardKeyColumn() {
        return shardKey;
    }

    /** The shard key's text form, which the routing hash takes. */
    public String shardKeyText(List<Object> row) {
        Object value = row.get(columnIndex(shardKey));
        return value == null ? null : value.toString();
    }

    private int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("column " + name + " is not copied in " + schema.table());
    }

    /** Current rows for the keys, by canonical key text; missing keys were deleted. */
    public Map<String, List<Object>> readByKeys(Connection connection, Collection<List<Object>> keys) throws SQLException {
        Map<String, List<Object>> rows = new LinkedHashMap<>();
        List<List<Object>> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
            List<List<Object>> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
            String sql = "SELECT " + selectList() + " FROM " + dialect.quote(schema.table()) + " WHERE " + keyIn(chunk.size());
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                bindKeys(s, 1, chunk);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        List<Object> row = readRow(r);
                        rows.put(KeyValues.canonical(keyOf(row)), row);
                    }
                }
            }
        }
        return rows;
    }

    private String keyIn(int count) {
        List<Column> keyColumns = columns.subList(0, keyCount);
        String tuple = "(" + String.join(", ", keyColumns.stream().map(dialect::placeholder).toList()) + ")";
        if (keyCount == 1) {
            return keyList() + " IN (" + String.join(", ", java.util.Collections.nCopies(count, dialect.placeholder(keyColumns.getFirst()))) + ")";
        }
        return "(" + keyList() + ") IN (VALUES " + String.join(", ", java.util.Collections.nCopies(count, tuple)) + ")";
    }

    private int bindKeys(PreparedStatement s, int first, List<List<Object>> keys) throws SQLException {
        int index = first;
        for (List<Object> key : keys) {
            for (Object value : key) {
                dialect.bind(s, index++, value);
            }
        }
        return index;
    }

    /** Inserts or replaces rows by primary key, in the caller's transaction. */
    public int upsert(Connection connection, List<List<Object>> rows) throws SQLException {
        List<Column> values = columns.subList(keyCount, columns.size());
        return insert(connection, rows, values.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ",
                values.stream().map(c -> dialect.quote(c.name()) + " = excluded." + dialect.quote(c.name())).toList()));
    }

    /** Inserts rows whose key the table does not have yet; existing rows win. */
    public int insertMissing(Connection connection, List<List<Object>> rows) throws SQLException {
        return insert(connection, rows, "DO NOTHING");
    }

    private int insert(Connection connection, List<List<Object>> rows, String onConflict) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        String placeholders = String.join(", ", columns.stream().map(dialect::placeholder).toList());
        // OVERRIDING SYSTEM VALUE: a target's GENERATED ALWAYS identity column takes the copied value (COPY does anyway).
        String overriding = dialect.name().equals("PostgreSQL") ? " OVERRIDING SYSTEM VALUE" : "";
        String sql = "INSERT INTO " + dialect.quote(schema.table()) + " (" + columnList() + ")" + overriding + " VALUES (" + placeholders + ") ON CONFLICT ("
                + keyList() + ") " + onConflict;
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    dialect.bind(s, i + 1, row.get(i));
                }
                s.addBatch();
            }
            s.executeBatch();
        }
        return rows.size();
    }

    /** Deletes rows by key, but only where their hash is in the ranges, so a row the target owns itself is never touched. */
    public int deleteInRanges(Connection connection, List<List<Object>> keys, List<HashRange> ranges) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        String condition = keyCount == 1 ? keyList() + " = " + dialect.placeholder(columns.getFirst())
                : "(" + keyList() + ") = (" + String.join(", ", columns.subList(0, keyCount).stream().map(dialect::placeholder).toList()) + ")";
        String sql = "DELETE FROM " + dialect.quote(schema.table()) + " WHERE " + condition + " AND "
                + dialect.inRanges(dialect.quote(shardKey), ranges);
        int deleted = 0;
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (List<Object> key : keys) {
                bindKeys(s, 1, List.of(key));
                s.addBatch();
            }
            for (int count : s.executeBatch()) {
                deleted += Math.max(count, 0);
            }
        }
        return deleted;
    }
}
