package org.reshard.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.topology.HashRange;
import org.reshard.topology.RoutingHash;
import org.reshard.topology.ShardSpec;

/** The routing hash inside SQLite ({@code reshard_hash}) and both dialects' hash-range filters on real databases. */
class SqliteRoutingFunctionTest {

    private static final int ROWS = 2_000;
    private static final long QUARTER = 1L << 62;

    /** One test row: a text key and an integer key, either of which may be null. */
    private record Row(int id, String text, Long number) {
    }

    @TempDir
    Path dir;

    private Connection sqlite;

    @BeforeEach
    void openSqlite() throws SQLException {
        sqlite = new SqliteShardDataSource("jdbc:sqlite:" + dir.resolve("shard.db")).getConnection();
    }

    @AfterEach
    void closeSqlite() throws SQLException {
        sqlite.close();
    }

    @Test
    void textKeysHashLikeJava() throws SQLException {
        List<String> keys = List.of("", "42", "customer-1", "é", "Ä", "配達は午前中に", "🚀", "a🚀b👍🏽c", "x".repeat(5_000));
        for (String key : keys) {
            assertThat(sqliteHash(key)).as("reshard_hash('%s')", key).isEqualTo(RoutingHash.hash(key));
        }
    }

    @Test
    void integerKeysAreWrittenAsTheirDecimalText() {
        SplittableRandom random = new SplittableRandom(7);
        List<Long> values = new ArrayList<>(List.of(0L, 9L, 10L, -9L, -10L, 99L, 100L, Long.MIN_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        byte[] digits = new byte[20];
        for (long value : values) {
            int from = SqliteRoutingFunction.writeDecimal(value, digits);
            assertThat(new String(digits, from, digits.length - from, StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(value));
            assertThat(RoutingHash.hash(digits, from, digits.length - from)).isEqualTo(RoutingHash.hash(Long.toString(value)));
        }
    }

    @Test
    void integerColumnsHashLikeTheirDecimalText() throws SQLException {
        long[] values = {42, 0, -1, -7, 10, -10, 1001, 123_456_789_012L, Long.MIN_VALUE, Long.MAX_VALUE};
        execute(sqlite, "CREATE TABLE numbers (v INTEGER)");
        try (PreparedStatement insert = sqlite.prepareStatement("INSERT INTO numbers (v) VALUES (?)")) {
            for (long value : values) {
                insert.setLong(1, value);
                insert.executeUpdate();
            }
        }
        try (Statement s = sqlite.createStatement();
             ResultSet r = s.executeQuery("SELECT v, typeof(v), reshard_hash(v) FROM numbers")) {
            int rows = 0;
            while (r.next()) {
                assertThat(r.getString(2)).isEqualTo("integer");
                assertThat(r.getLong(3)).as("reshard_hash(%d)", r.getLong(1)).isEqualTo(RoutingHash.hash(Long.toString(r.getLong(1))));
                rows++;
            }
            assertThat(rows).isEqualTo(values.length);
        }
        assertThat(sqliteHash("42")).isEqualTo(RoutingHash.hash("42"));
    }

    @Test
    void checksumSumsTheHashesOfTextIntegerAndEmptyValuesAndSkipsNull() throws SQLException {
        SqliteChecksumFunction.register(sqlite);
        execute(sqlite, "CREATE TABLE mixed (v)");
        List<Object> values = List.of("", "customer-1", "配達は午前中に", 42L, -7L, "x".repeat(300));
        try (PreparedStatement insert = sqlite.prepareStatement("INSERT INTO mixed (v) VALUES (?)")) {
            for (Object value : values) {
                insert.setObject(1, value);
                insert.executeUpdate();
            }
            insert.setNull(1, Types.VARCHAR);
            insert.executeUpdate();
        }
        long expected = values.stream().mapToLong(v -> RoutingHash.hash(v.toString())).sum();
        try (Statement s = sqlite.createStatement(); ResultSet r = s.executeQuery("SELECT reshard_checksum(v) FROM mixed")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(expected);
        }
    }

    @Test
    void nullGivesNull() throws SQLException {
        try (PreparedStatement s = sqlite.prepareStatement("SELECT reshard_hash(?), reshard_hash(NULL) IS NULL")) {
            s.setNull(1, Types.VARCHAR);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getObject(1)).isNull();
                assertThat(r.getBoolean(2)).isTrue();
            }
        }
    }

    @Test
    void sqliteInRangesFiltersLikeJava() throws SQLException {
        SqlDialect dialect = SqlDialect.of(new ShardSpec("s", "jdbc:sqlite:" + dir.resolve("shard.db")));
        assertThat(dialect).isInstanceOf(SqliteDialect.class);
        List<Row> rows = rows();
        execute(sqlite, "CREATE TABLE keys (id INTEGER PRIMARY KEY, k_text TEXT, k_int INTEGER)");
        insert(sqlite, rows);

        assertFiltersLikeJava(sqlite, dialect, rows);
    }

    @Test
    void postgresInRangesFiltersLikeJava() throws SQLException {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("inranges");
             Connection postgres = database.connect()) {
            SqlDialect dialect = SqlDialect.of(new ShardSpec("s", database.url()));
            assertThat(dialect).isInstanceOf(PostgresDialect.class);
            List<Row> rows = rows();
            execute(postgres, "CREATE TABLE keys (id integer PRIMARY KEY, k_text text, k_int bigint)");
            insert(postgres, rows);

            assertFiltersLikeJava(postgres, dialect, rows);
        }
    }

    private void assertFiltersLikeJava(Connection connection, SqlDialect dialect, List<Row> rows) throws SQLException {
        assertColumnFiltersLikeJava(connection, dialect, rows, "k_text", Row::text);
        assertColumnFiltersLikeJava(connection, dialect, rows, "k_int", row -> row.number() == null ? null : row.number().toString());
    }

    private void assertColumnFiltersLikeJava(Connection connection, SqlDialect dialect, List<Row> rows, String column,
                                             Function<Row, String> key) throws SQLException {
        List<Long> sorted = rows.stream().map(key).filter(k -> k != null).map(RoutingHash::hash).sorted().toList();
        for (List<HashRange> ranges : rangeCases(sorted)) {
            String sql = "SELECT id FROM keys WHERE " + dialect.inRanges(dialect.quote(column), ranges);
            Set<Integer> inDatabase = new TreeSet<>();
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    inDatabase.add(r.getInt(1));
                }
            }
            Set<Integer> inJava = new TreeSet<>();
            for (Row row : rows) {
                String k = key.apply(row);
                if (k != null && ranges.stream().anyMatch(range -> range.contains(RoutingHash.hash(k)))) {
                    inJava.add(row.id());
                }
            }
            assertThat(inJava).as("every case selects some rows").isNotEmpty();
            assertThat(inDatabase).as("rows of %s in %s", column, ranges).isEqualTo(inJava);
        }
    }

    /** Ranges at both ends of the space, with bounds exactly on row hashes (inclusive) and just beside them. */
    private static List<List<HashRange>> rangeCases(List<Long> sortedHashes) {
        long h100 = sortedHashes.get(100);
        long h300 = sortedHashes.get(300);
        long h500 = sortedHashes.get(500);
        long h700 = sortedHashes.get(700);
        long h900 = sortedHashes.get(900);
        long last = sortedHashes.getLast();
        return List.of(
                List.of(new HashRange(Long.MIN_VALUE, Long.MIN_VALUE + QUARTER)),
                List.of(new HashRange(QUARTER, Long.MAX_VALUE)),
                List.of(new HashRange(h100, h300)),
                List.of(new HashRange(h500 + 1, h700 - 1), new HashRange(h900, h900)),
                List.of(new HashRange(Long.MIN_VALUE, -QUARTER), new HashRange(0, QUARTER), new HashRange(last, Long.MAX_VALUE)),
                List.of(HashRange.ALL));
    }

    /** Text keys of several shapes and integer keys of both signs; a few of each are null. */
    private static List<Row> rows() {
        SplittableRandom random = new SplittableRandom(7);
        String[] words = {"customer-", "é", "配達", "🚀", "Ä", "k"};
        List<Row> rows = new ArrayList<>();
        for (int id = 1; id <= ROWS; id++) {
            String text = id % 97 == 0 ? null : words[random.nextInt(words.length)] + random.nextInt(1_000_000);
            Long number = id % 89 == 0 ? null : switch (id % 3) {
                case 0 -> random.nextLong();
                case 1 -> (long) random.nextInt(-100_000, 100_000);
                default -> (long) id;
            };
            rows.add(new Row(id, text, number));
        }
        return rows;
    }

    private static void insert(Connection connection, List<Row> rows) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO keys (id, k_text, k_int) VALUES (?, ?, ?)")) {
            for (Row row : rows) {
                insert.setInt(1, row.id());
                insert.setString(2, row.text());
                if (row.number() == null) {
                    insert.setNull(3, Types.BIGINT);
                } else {
                    insert.setLong(3, row.number());
                }
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private long sqliteHash(String key) throws SQLException {
        try (PreparedStatement s = sqlite.prepareStatement("SELECT reshard_hash(?)")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
