package org.reshard.shard;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.reshard.topology.HashRange;

/** PostgreSQL: {@code hashtextextended} is built in; ranges are tested with one int8multirange lookup. */
public final class PostgresDialect implements SqlDialect {

    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String hashOf(String quotedColumn) {
        return "hashtextextended(" + quotedColumn + "::text, 0)";
    }

    /** One multirange containment instead of an OR per range: ring topologies give hundreds of ranges. */
    @Override
    public String inRanges(String quotedColumn, List<HashRange> ranges) {
        return "(" + multirange(ranges) + " @> " + hashOf(quotedColumn) + ")";
    }

    /** The ranges as an {@code int8multirange} literal; an inclusive end of 2^63-1 becomes an unbounded upper end. */
    public static String multirange(List<HashRange> ranges) {
        return ranges.stream()
                .map(r -> "[" + r.from() + "," + (r.to() == Long.MAX_VALUE ? "" : Long.toString(r.to() + 1)) + ")")
                .collect(Collectors.joining(",", "'{", "}'::int8multirange"));
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    /** Every value travels as its text form, which PostgreSQL's type input functions read back losslessly. */
    @Override
    public String selectValue(String quotedColumn) {
        return quotedColumn + "::text";
    }

    @Override
    public String placeholder(Column column) {
        return "CAST(? AS " + column.type() + ")";
    }

    @Override
    public Object read(ResultSet result, int index) throws SQLException {
        return result.getString(index);
    }

    @Override
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        statement.setString(index, value == null ? null : value.toString());
    }

    @Override
    public Object fromJson(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public Optional<TableSchema> describe(Connection connection, String table) throws SQLException {
        if (!tableExists(connection, table)) {
            return Optional.empty();
        }
        String regclass = quote(table);
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid), a.attgenerated <> ''
                FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""")) {
            s.setString(1, regclass);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    columns.add(new Column(r.getString(1), r.getString(2), r.getBoolean(3), r.getString(4), r.getBoolean(5)));
                }
            }
        }
        List<String> primaryKey = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("""
                SELECT a.attname FROM pg_index i
                  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY k.ord""")) {
            s.setString(1, regclass);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    primaryKey.add(r.getString(1));
                }
            }
        }
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = to_regclass(?) AND NOT i.indisprimary ORDER BY i.indexrelid")) {
            s.setString(1, regclass);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    indexes.add(r.getString(1));
                }
            }
        }
        return Optional.of(new TableSchema(table, columns, primaryKey, indexes, null));
    }

    /** Column sequences are left out: copied rows keep their values and a sequence belongs to one database. */
    @Override
    public String createTable(TableSchema schema) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quote(schema.table())).append(" (");
        for (Column c : schema.columns()) {
            sql.append(quote(c.name())).append(' ').append(c.type());
            if (c.generated()) {
                sql.append(" GENERATED ALWAYS AS (").append(c.defaultSql()).append(") STORED");
            } else if (c.defaultSql() != null && !c.defaultSql().contains("nextval(")) {
                sql.append(" DEFAULT ").append(c.defaultSql());
            }
            if (c.notNull()) {
                sql.append(" NOT NULL");
            }
            sql.append(", ");
        }
        sql.append("PRIMARY KEY (").append(String.join(", ", schema.primaryKey().stream().map(this::quote).toList())).append("))");
        return sql.toString();
    }

    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, quote(table));
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    /** {@code pg_class.reltuples}, which is -1 until the table was first vacuumed or analysed. */
    @Override
    public OptionalLong estimatedRows(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            s.setString(1, quote(table));
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getLong(1) >= 0) {
                    return OptionalLong.of(r.getLong(1));
                }
                return OptionalLong.empty();
            }
        }
    }

    @Override
    public long tableBytes(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_total_relation_size(to_regclass(?))")) {
            s.setString(1, quote(table));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    @Override
    public List<String> rowWriteSettings() {
        return List.of("SET LOCAL session_replication_role = replica");
    }

    /** From {@code pg_constraint}; constraints partitions inherit from their parent's ({@code conparentid <> 0}) are left out. */
    @Override
    public List<ForeignKey> foreignKeys(Connection connection, java.util.Collection<String> tables) throws SQLException {
        java.util.Map<Long, String> names = new java.util.LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT to_regclass(?)::oid::bigint")) {
            for (String table : tables) {
                s.setString(1, quote(table));
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && r.getObject(1) != null) {
                        names.put(r.getLong(1), table);
                    }
                }
            }
        }
        if (names.isEmpty()) {
            return List.of();
        }
        String oids = names.keySet().stream().map(String::valueOf).collect(Collectors.joining(",", "'{", "}'::oid[]"));
        String sql = """
                SELECT c.conname, c.conrelid::bigint, c.confrelid::bigint, c.conrelid::regclass::text, c.confrelid::regclass::text,
                  ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o),
                  ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)
                FROM pg_constraint c
                WHERE c.contype = 'f' AND c.conparentid = 0 AND (c.conrelid = ANY(%1$s) OR c.confrelid = ANY(%1$s))
                ORDER BY c.conname""".formatted(oids);
        List<ForeignKey> found = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                found.add(new ForeignKey(r.getString(1), names.getOrDefault(r.getLong(2), r.getString(4)), textArray(r, 6),
                        names.getOrDefault(r.getLong(3), r.getString(5)), textArray(r, 7)));
            }
        }
        return found;
    }

    private static List<String> textArray(ResultSet r, int index) throws SQLException {
        return List.of((String[]) r.getArray(index).getArray());
    }
}
