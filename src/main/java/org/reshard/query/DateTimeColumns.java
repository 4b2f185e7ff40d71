package org.reshard.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The timestamp columns of the shards' tables, by table and column: {@code true} for a timestamp with time zone,
 * {@code false} for one without. Calcite's JDBC adapter reads both as one millisecond type; the federated engine
 * carries them as exact microseconds instead ({@link DateTimeRewrite}), which needs to know which is which.
 */
record DateTimeColumns(Map<String, Map<String, Boolean>> zonedByTable) {

    static final DateTimeColumns NONE = new DateTimeColumns(Map.of());

    DateTimeColumns {
        zonedByTable = Map.copyOf(zonedByTable);
    }

    /** Reads the public schema's timestamp columns of one PostgreSQL shard (the shards' definitions agree, or the query fails). */
    static DateTimeColumns of(DataSource shard) throws SQLException {
        Map<String, Map<String, Boolean>> found = new HashMap<>();
        try (Connection c = shard.getConnection(); ResultSet columns = c.getMetaData().getColumns(null, "public", null, null)) {
            while (columns.next()) {
                String type = columns.getString("TYPE_NAME");
                if ("timestamptz".equals(type) || "timestamp".equals(type)) {
                    found.computeIfAbsent(columns.getString("TABLE_NAME"), t -> new HashMap<>())
                            .put(columns.getString("COLUMN_NAME"), "timestamptz".equals(type));
                }
            }
        }
        found.replaceAll((table, columns) -> Map.copyOf(columns));
        return new DateTimeColumns(found);
    }

    /** The table's timestamp columns; empty when it has none. */
    Map<String, Boolean> of(String table) {
        return zonedByTable.getOrDefault(table, Map.of());
    }

    /** True when the statement names one of the timestamp columns (as a word, in any case). */
    boolean mentionedIn(String sql) {
        String lower = sql.toLowerCase(java.util.Locale.ROOT);
        return zonedByTable.values().stream().flatMap(columns -> columns.keySet().stream())
                .anyMatch(column -> java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(column.toLowerCase(java.util.Locale.ROOT))
                        + "\\b").matcher(lower).find());
    }
}
