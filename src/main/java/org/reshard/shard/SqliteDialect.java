package org.reshard.shard;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.reshard.topology.HashRange;

/** SQLite: the routing hash is the {@code reshard_hash} function registered on our connections. */
public final class SqliteDialect implements SqlDialect {

    public static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {
    }

    @Override
    public String hashOf(String quotedColumn) {
        return SqliteRoutingFunction.NAME + "(" + quotedColumn + ")";
    }

    /** One call of {@code reshard_owned} per row, however many ranges the shard has; the ranges travel as a number. */
    @Override
    public String ownedBy(String quotedColumn, List<HashRange> ranges) {
        return "(" + SqliteOwnershipFunction.NAME + "(" + quotedColumn + ", " + SqliteOwnershipFunction.rangeSetId(ranges) + ") = 1 OR "
                + quotedColumn + " IS NULL)";
    }

    @Override
    public String name() {
        return "SQLite";
    }

    /** SQLite values keep their storage class (integer, real, text, blob), which comparisons depend on. */
    @Override
    public String selectValue(String quotedColumn) {
        return quotedColumn;
    }

    @Override
    public String placeholder(Column column) {
        return "?";
    }

    @Override
    public Object read(ResultSet result, int index) throws SQLException {
        return result.getObject(index);
    }

    @Override
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        statement.setObject(index, value);
    }

    @Override
    public Object fromJson(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        return value.asText();
    }

    @Override
    public Optional<TableSchema> describe(Connection connection, String table) throws SQLException {
        String create;
        try (PreparedStatement s = connection.prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                create = r.getString(1);
            }
        }
        List<Column> columns = new ArrayList<>();
        Map<Integer, String> keyByPosition = new TreeMap<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("PRAGMA table_xinfo(" + quote(table) + ")")) {
            while (r.next()) {
                int hidden = r.getInt("hidden");
                if (hidden == 1) {
                    continue;
                }
                String name = r.getString("name");
                columns.add(new Column(name, r.getString("type"), r.getInt("notnull") == 1, r.getString("dflt_value"), hidden >= 2));
                if (r.getInt("pk") > 0) {
                    keyByPosition.put(r.getInt("pk"), name);
                }
            }
        }
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    indexes.add(r.getString(1));
                }
            }
        }
        return Optional.of(new TableSchema(table, columns, List.copyOf(keyByPosition.values()), indexes, create));
    }

    /** SQLite keeps the statement that created the table; replaying it gives the same table, key and constraints. */
    @Override
    public String createTable(TableSchema schema) {
        return schema.createStatement();
    }

    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The row count ANALYZE left in sqlite_stat1, when it ran. */
    @Override
    public OptionalLong estimatedRows(Connection connection, String table) throws SQLException {
        if (!tableExists(connection, "sqlite_stat1")) {
            return OptionalLong.empty();
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getString(1) != null) {
                    return OptionalLong.of(Long.parseLong(r.getString(1).split(" ")[0]));
                }
                return OptionalLong.empty();
            }
        }
    }

    /** Pages of the table and its indexes, from the dbstat virtual table. */
    @Override
    public long tableBytes(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ? OR name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?)")) {
            s.setString(1, table);
            s.setString(2, table);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /**
     * From {@code PRAGMA foreign_key_list} of every table. SQLite keeps no constraint names, so a key is named
     * after its child table and its number there; a key without parent columns references the parent's primary key.
     */
    @Override
    public List<ForeignKey> foreignKeys(Connection connection, java.util.Collection<String> tables) throws SQLException {
        List<String> all = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")) {
            while (r.next()) {
                all.add(r.getString(1));
            }
        }
        List<ForeignKey> found = new ArrayList<>();
        for (String child : all) {
            Map<Integer, List<String[]>> byId = new TreeMap<>();
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA foreign_key_list(" + quote(child) + ")")) {
                while (r.next()) {
                    byId.computeIfAbsent(r.getInt("id"), k -> new ArrayList<>())
                            .add(new String[] {r.getString("table"), r.getString("from"), r.getString("to")});
                }
            }
            for (var key : byId.entrySet()) {
                String parent = key.getValue().getFirst()[0];
                String childName = named(tables, child);
                String parentName = named(tables, parent);
                if (childName == null && parentName == null) {
                    continue;
                }
                List<String> from = key.getValue().stream().map(c -> c[1]).toList();
                List<String> to = key.getValue().stream().allMatch(c -> c[2] != null)
                        ? key.getValue().stream().map(c -> c[2]).toList()
                        : describe(connection, all.stream().filter(parent::equalsIgnoreCase).findFirst().orElse(parent))
                                .map(TableSchema::primaryKey).orElse(List.of());
                found.add(new ForeignKey(child + "_fkey" + key.getKey(), childName == null ? child : childName, from,
                        parentName == null ? parent : parentName, to));
            }
        }
        return found;
    }

    /** SQLite table names compare without case: the name as asked about, or null when it is not among them. */
    private static String named(java.util.Collection<String> tables, String name) {
        return tables.stream().filter(t -> t.equalsIgnoreCase(name)).findFirst().orElse(null);
    }
}
