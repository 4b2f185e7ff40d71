package org.reshard.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.reshard.topology.HashRange;

/** PostgreSQL: {@code hashtextextended} is built in; ranges are tested with one int8multirange lookup. */
public final class PostgresDialect implements SqlDialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String hashOf(String quotedColumn) {
        return "hashtextextended(" + quotedColumn + "::text, 0)";
    }

    /** One multirange containment instead of an OR per range: ring topologies give hundreds of ranges. */
    @Override
    public String inRanges(String quotedColumn, List<HashRange> ranges) {
        String multirange = ranges.stream()
                .map(r -> "[" + r.from() + "," + (r.to() == Long.MAX_VALUE ? "" : Long.toString(r.to() + 1)) + ")")
                .collect(Collectors.joining(",", "'{", "}'::int8multirange"));
        return "(" + multirange + " @> " + hashOf(quotedColumn) + ")";
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
}
