package org.reshard.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads result rows into normalised Java values, the same for PostgreSQL and SQLite: integers of any
 * width become Long, exact decimals BigDecimal, floating point Double, date/time types java.time values,
 * JSON and other database-specific types their text. SQLite has no decimal or timestamp type: its
 * NUMERIC values arrive as Long or Double and its timestamps as the text stored.
 */
final class JdbcValues {

    /** How one column is read. */
    private enum Reader { PLAIN, TIMESTAMPTZ, TIMESTAMP, DATE, TIME, TIMETZ, TEXT, BYTES }

    private final List<ResultColumn> columns;
    private final Reader[] readers;

    private JdbcValues(List<ResultColumn> columns, Reader[] readers) {
        this.columns = List.copyOf(columns);
        this.readers = readers;
    }

    static JdbcValues of(ResultSetMetaData meta) throws SQLException {
        int count = meta.getColumnCount();
        List<ResultColumn> columns = new ArrayList<>(count);
        Reader[] readers = new Reader[count];
        for (int i = 1; i <= count; i++) {
            String typeName = meta.getColumnTypeName(i) == null ? "" : meta.getColumnTypeName(i).toLowerCase(Locale.ROOT);
            Reader reader = reader(meta.getColumnType(i), typeName);
            readers[i - 1] = reader;
            columns.add(new ResultColumn(meta.getColumnLabel(i), type(meta.getColumnType(i), typeName, reader), typeName));
        }
        return new JdbcValues(columns, readers);
    }

    List<ResultColumn> columns() {
        return columns;
    }

    Object[] read(ResultSet rs) throws SQLException {
        Object[] row = new Object[readers.length];
        for (int i = 0; i < readers.length; i++) {
            row[i] = read(rs, i + 1, readers[i]);
        }
        return row;
    }

    private static Object read(ResultSet rs, int index, Reader reader) throws SQLException {
        return switch (reader) {
            case TIMESTAMPTZ -> rs.getObject(index, OffsetDateTime.class);
            case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIME -> rs.getObject(index, LocalTime.class);
            case TIMETZ -> rs.getObject(index, OffsetTime.class);
            case TEXT -> rs.getString(index);
            case BYTES -> rs.getBytes(index);
            case PLAIN -> normalise(rs.getObject(index), rs, index);
        };
    }

    static Object normalise(Object value, ResultSet rs, int index) throws SQLException {
        return switch (value) {
            case null -> null;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger big when big.bitLength() < 64 -> big.longValue();
            case BigInteger big -> new BigDecimal(big);
            case BigDecimal d -> d;
            case Double d -> d;
            case Float f -> Double.valueOf(f.toString());
            case Boolean b -> b;
            case String s -> s;
            case byte[] bytes -> bytes;
            default -> rs.getString(index);
        };
    }

    private static Reader reader(int jdbcType, String typeName) {
        return switch (typeName) {
            case "timestamptz" -> Reader.TIMESTAMPTZ;
            case "timestamp" -> Reader.TIMESTAMP;
            case "date" -> Reader.DATE;
            case "time" -> Reader.TIME;
            case "timetz" -> Reader.TIMETZ;
            case "bytea" -> Reader.BYTES;
            case "json", "jsonb", "uuid", "interval", "money", "inet", "cidr", "xml" -> Reader.TEXT;
            default -> jdbcType == Types.ARRAY || jdbcType == Types.OTHER || jdbcType == Types.STRUCT ? Reader.TEXT : Reader.PLAIN;
        };
    }

    private static ValueType type(int jdbcType, String typeName, Reader reader) {
        return switch (reader) {
            case TIMESTAMPTZ -> ValueType.TIMESTAMPTZ;
            case TIMESTAMP -> ValueType.TIMESTAMP;
            case DATE -> ValueType.DATE;
            case TIME, TIMETZ -> ValueType.TIME;
            case BYTES -> ValueType.BYTES;
            case TEXT -> typeName.startsWith("json") ? ValueType.JSON : ValueType.TEXT;
            case PLAIN -> switch (jdbcType) {
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> ValueType.INTEGER;
                case Types.NUMERIC, Types.DECIMAL -> ValueType.DECIMAL;
                case Types.DOUBLE, Types.FLOAT, Types.REAL -> ValueType.FLOAT;
                case Types.BOOLEAN, Types.BIT -> ValueType.BOOLEAN;
                case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.CLOB -> ValueType.TEXT;
                case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> ValueType.BYTES;
                default -> ValueType.OTHER;
            };
        };
    }
}
