package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;

/**
 * Compares a merged result with the oracle database's answer. Exact mode (PostgreSQL shards) compares
 * each value's Java type and text, so 5.0050000000000000 must not come back as 5.005. Tolerant mode
 * (SQLite shards) compares numbers to 9 significant digits, because SQLite stores decimals as doubles,
 * and timestamps as ISO-8601 text, because SQLite stores them as text. Byte arrays compare by content.
 */
final class OracleComparison {

    private static final MathContext SIGNIFICANT = new MathContext(9);

    private final boolean exact;

    OracleComparison(boolean exact) {
        this.exact = exact;
    }

    /** The oracle's column names and rows, read with the engine's own value normalisation. */
    static Oracle ask(ShardSpec oracle, String sql) throws SQLException {
        try (Connection c = ShardFixture.connect(oracle); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            JdbcValues values = JdbcValues.of(rs.getMetaData());
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(java.util.Arrays.asList(values.read(rs)));
            }
            return new Oracle(values.columns().stream().map(ResultColumn::name).toList(), rows);
        }
    }

    /** The oracle's answer. */
    record Oracle(List<String> columns, List<List<Object>> rows) {
    }

    void assertSame(OracleCase query, QueryResult merged, Oracle oracle) {
        List<String> actual = merged.rows().stream().map(this::text).toList();
        List<String> expected = oracle.rows().stream().map(this::text).toList();
        assertThat(merged.columns()).as("column count").hasSize(oracle.columns().size());
        if (exact) {
            assertThat(merged.columns().stream().map(ResultColumn::name).toList()).as("column names").isEqualTo(oracle.columns());
        }
        if (query.inOrder()) {
            assertThat(actual).as("rows in order").containsExactlyElementsOf(expected);
            return;
        }
        assertThat(actual).as("rows as a multiset").containsExactlyInAnyOrderElementsOf(expected);
        if (query.orderColumns().length > 0) {
            assertThat(project(merged.rows(), query.orderColumns())).as("sort keys in order")
                    .containsExactlyElementsOf(project(oracle.rows(), query.orderColumns()));
        }
    }

    private List<String> project(List<List<Object>> rows, int[] columns) {
        return rows.stream().map(r -> IntStream.of(columns).mapToObj(i -> value(r.get(i))).toList().toString()).toList();
    }

    private String text(List<Object> row) {
        return row.stream().map(this::value).toList().toString();
    }

    private String value(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            // Arrays print as their identity; bytea and BLOB columns compare by content.
            return "bytes:" + java.util.HexFormat.of().formatHex(bytes);
        }
        if (exact) {
            Object shown = value instanceof OffsetDateTime t ? t.toInstant() : value;
            return value.getClass().getSimpleName() + ":" + shown;
        }
        return switch (value) {
            case Number n -> "number:" + new BigDecimal(n.toString()).round(SIGNIFICANT).stripTrailingZeros().toPlainString();
            case OffsetDateTime t -> "text:" + t.toInstant();
            default -> "text:" + value;
        };
    }
}
