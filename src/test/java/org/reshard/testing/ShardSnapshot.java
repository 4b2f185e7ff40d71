package org.reshard.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;

/**
 * Everything on a set of shards: each table's rows (by primary key, with where they are), each shard's
 * schema objects, and the registry's versions — to compare before and after an operation.
 */
public record ShardSnapshot(Map<String, Map<String, List<Located>>> rows, Map<String, TreeSet<String>> objects,
                            List<String> registry) {

    /** A row found on a shard: its shard key's text and the whole row as text. */
    public record Located(String shard, String shardKey, String row) {
    }

    public static ShardSnapshot take(List<ShardSpec> shards, List<TableSpec> tables, String registryUrl) throws SQLException {
        Map<String, Map<String, List<Located>>> rows = new TreeMap<>();
        Map<String, TreeSet<String>> objects = new TreeMap<>();
        for (ShardSpec shard : shards) {
            try (Connection c = ShardFixture.connect(shard)) {
                TreeSet<String> found = objects(c, shard);
                objects.put(shard.id(), found);
                for (TableSpec table : tables) {
                    Map<String, List<Located>> byKey = rows.computeIfAbsent(table.name(), t -> new TreeMap<>());
                    if (found.contains("table " + table.name())) {
                        readRows(c, shard, table, byKey);
                    }
                }
            }
        }
        return new ShardSnapshot(rows, objects, registry(registryUrl));
    }

    private static void readRows(Connection c, ShardSpec shard, TableSpec table, Map<String, List<Located>> byKey) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + table.name())) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                List<String> key = new ArrayList<>();
                for (String column : table.primaryKey()) {
                    key.add(column + "=" + r.getObject(column));
                }
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = r.getObject(i);
                    row.append(meta.getColumnName(i)).append('=')
                            .append(value instanceof byte[] bytes ? "x" + HexFormat.of().formatHex(bytes) : String.valueOf(value)).append(';');
                }
                byKey.computeIfAbsent(String.join(",", key), k -> new ArrayList<>())
                        .add(new Located(shard.id(), String.valueOf(r.getObject(table.shardKey())), row.toString()));
            }
        }
    }

    private static TreeSet<String> objects(Connection c, ShardSpec shard) throws SQLException {
        String sql = shard.isPostgres()
                ? "SELECT CASE relkind WHEN 'r' THEN 'table ' WHEN 'i' THEN 'index ' ELSE 'relation ' END || relname FROM pg_class"
                        + " WHERE relnamespace = 'public'::regnamespace"
                        + " UNION ALL SELECT 'trigger ' || tgname || ' on ' || tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
                        + " UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
                        + " UNION ALL SELECT 'replication slot ' || slot_name FROM pg_replication_slots WHERE database = current_database()"
                        + " UNION ALL SELECT 'publication ' || pubname FROM pg_publication"
                : "SELECT type || ' ' || name FROM sqlite_master";
        TreeSet<String> found = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                found.add(r.getString(1));
            }
        }
        return found;
    }

    private static List<String> registry(String url) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT version, name FROM reshard_topology ORDER BY version")) {
                while (r.next()) {
                    versions.add(r.getLong(1) + " " + r.getString(2));
                }
            } catch (SQLException e) {
                return versions;
            }
        }
        return versions;
    }

    /** The rows of a table, by key. */
    public Map<String, List<Located>> rowsOf(String table) {
        return rows.getOrDefault(table, Map.of());
    }
}
