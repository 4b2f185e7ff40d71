package org.reshard.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The date and timestamp columns of the shards' tables, by table and column. Calcite's JDBC adapter reads timestamps
 * to the millisecond and dates through the JVM's time zone; the federated engine carries them as exact bigints instead
 * ({@link DateTimePlanner}), which needs to know which kind each is.
 */
record DateTimeColumns(Map<String, Map<String, DateTimeKind>> kindsByTable) {

    static final DateTimeColumns NONE = new DateTimeColumns(Map.of());

    DateTimeColumns {
        kindsByTable = Map.copyOf(kindsByTable);
    }

    /** Reads the public schema's date and timestamp columns of one PostgreSQL shard (the shards' definitions agree, or the query fails). */
    static DateTimeColumns of(DataSource shard) throws SQLException {
        Map<String, Map<String, DateTimeKind>> found = new HashMap<>();
        try (Connection c = shard.getConnection(); ResultSet columns = c.getMetaData().getColumns(null, "public", null, null)) {
            while (columns.next()) {
                DateTimeKind kind = DateTimeKind.ofPgName(columns.getString("TYPE_NAME"));
                if (kind != null) {
                    found.computeIfAbsent(columns.getString("TABLE_NAME"), t -> new HashMap<>()).put(columns.getString("COLUMN_NAME"), kind);
                }
            }
        }
        found.replaceAll((table, columns) -> Map.copyOf(columns));
        return new DateTimeColumns(found);
    }

    /** The table's date and timestamp columns; empty when it has none. */
    Map<String, DateTimeKind> of(String table) {
        return kindsByTable.getOrDefault(table, Map.of());
    }

    /** True when the statement names one of the date or timestamp columns (as a word, in any case). */
    boolean mentionedIn(String sql) {
        String lower = sql.toLowerCase(java.util.Locale.ROOT);
        return kindsByTable.values().stream().flatMap(columns -> columns.keySet().stream())
                .anyMatch(column -> java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(column.toLowerCase(java.util.Locale.ROOT))
                        + "\\b").matcher(lower).find());
    }
}
