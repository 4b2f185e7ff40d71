package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.reshard.shard.PostgresDialect;
import org.reshard.shard.TableSchema;
import org.reshard.testing.PostgresTestDatabase;

/** The binary COPY format on a real PostgreSQL: which tables get it, and keys read back exactly as text output writes them. */
class CopyFormatTest {

    private static final String KEYS = "k_small smallint, k_int integer, k_big bigint, k_text text, k_uuid uuid, k_var varchar(12), k_char char(4)";
    private static final String KEY_LIST = "k_small, k_int, k_big, k_text, k_uuid, k_var, k_char";

    @Test
    void binaryKeysReadBackAsPostgresWritesThemInText() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("copyformat")) {
            db.execute("CREATE TABLE t (" + KEYS + ", total numeric(12,2), at timestamptz, tags text[], doc jsonb,"
                            + " PRIMARY KEY (" + KEY_LIST + "))",
                    "INSERT INTO t VALUES (-32768, -2147483648, -9223372036854775808, 'tab\tnew\nline \\ back', "
                            + "'00000000-0000-0000-0000-000000000000', '', 'a', 1.5, now(), '{x,y}', '{}')",
                    "INSERT INTO t VALUES (32767, 2147483647, 9223372036854775807, 'größe 東京 🙂', "
                            + "'ffffffff-ffff-ffff-ffff-ffffffffffff', 'twelve chars', 'abcd', NULL, NULL, NULL, NULL)",
                    "INSERT INTO t VALUES (0, 7, 42, '', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'x', ' ', 0, now(), '{}', 'null')");
            try (Connection c = db.connect()) {
                TableSchema schema = PostgresDialect.INSTANCE.describe(c, "t").orElseThrow();
                CopyFormat format = CopyFormat.choose(schema, c, c);
                assertThat(format).isInstanceOf(CopyFormat.Binary.class);

                // getString gives each type's text output, as COPY's text format writes it (char(n) keeps its padding).
                List<List<String>> expected = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT " + KEY_LIST + " FROM t ORDER BY " + KEY_LIST)) {
                    while (r.next()) {
                        List<String> key = new ArrayList<>();
                        for (int i = 1; i <= 7; i++) {
                            key.add(r.getString(i));
                        }
                        expected.add(key);
                    }
                }
                List<List<String>> read = new ArrayList<>();
                CopyOut out = c.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("COPY (SELECT * FROM t ORDER BY " + KEY_LIST + ") TO STDOUT" + format.option());
                boolean first = true;
                int trailers = 0;
                byte[] message;
                while ((message = out.readFromCopy()) != null) {
                    byte[] row = format.row(message, first);
                    first = false;
                    if (row == null) {
                        trailers++;
                    } else {
                        read.add(format.keyFields(row, 7));
                    }
                }
                assertThat(trailers).isEqualTo(1);
                assertThat(read).hasSize(3).isEqualTo(expected);
            }
        }
    }

    @Test
    void batchesFramedByTheFormatLoadIntoAnotherDatabase() throws Exception {
        try (PostgresTestDatabase source = PostgresTestDatabase.create("copyformat_src");
             PostgresTestDatabase target = PostgresTestDatabase.create("copyformat_dst")) {
            String table = "CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz, total numeric(12,2), doc jsonb, tags int[])";
            source.execute(table, "INSERT INTO t SELECT g, timestamptz '2026-01-01' + g * interval '1 hour', g * 1.25,"
                    + " jsonb_build_object('g', g), ARRAY[g, -g] FROM generate_series(1, 500) g");
            target.execute(table);
            try (Connection from = source.connect(); Connection to = target.connect()) {
                CopyFormat format = CopyFormat.choose(PostgresDialect.INSTANCE.describe(from, "t").orElseThrow(), from, to);
                assertThat(format).isInstanceOf(CopyFormat.Binary.class);
                CopyStream stream = new CopyStream(from.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("COPY (SELECT * FROM t ORDER BY id) TO STDOUT" + format.option()), format, 200);
                List<Long> batches = new ArrayList<>();
                List<String> lastKeys = new ArrayList<>();
                CopyStream.Moved moved;
                do {
                    moved = stream.writeBatch(to.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY t FROM STDIN" + format.option()));
                    batches.add(moved.rows());
                    if (moved.lastRow() != null) {
                        lastKeys.add(format.keyFields(moved.lastRow(), 1).getFirst());
                    }
                } while (moved.rows() > 0);
                stream.close();
                assertThat(batches).containsExactly(200L, 200L, 100L, 0L);
                assertThat(lastKeys).containsExactly("200", "400", "500");
                String sameRows = "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM t";
                assertThat(firstRow(to, sameRows)).isEqualTo(firstRow(from, sameRows)).startsWith("500 ");
            }
        }
    }

    @Test
    void textWhereBinaryCouldFailOrItsKeysCouldNotBeRead() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("copyformat")) {
            db.execute("CREATE TYPE mood AS ENUM ('ok', 'sad')",
                    "CREATE TABLE user_type (id bigint PRIMARY KEY, feeling mood)",
                    "CREATE TABLE numeric_key (id numeric PRIMARY KEY, note text)",
                    "CREATE TABLE array_key (id int[] PRIMARY KEY)",
                    "CREATE TABLE plain (id bigint PRIMARY KEY, at timestamp(3) with time zone, amounts numeric(8,2)[])");
            try (Connection c = db.connect()) {
                PostgresDialect dialect = PostgresDialect.INSTANCE;
                for (String table : List.of("user_type", "numeric_key", "array_key")) {
                    assertThat(CopyFormat.choose(dialect.describe(c, table).orElseThrow(), c, c)).as(table).isInstanceOf(CopyFormat.Text.class);
                }
                assertThat(CopyFormat.choose(dialect.describe(c, "plain").orElseThrow(), c, c)).isInstanceOf(CopyFormat.Binary.class);
            }
        }
    }

    @Test
    void binaryMessagesWithoutARowGiveNoneAndAForeignStreamIsRefused() throws Exception {
        CopyFormat.Binary format = new CopyFormat.Binary(List.of(CopyFormat.KeyType.BIGINT));
        byte[] header = format.batchHeader();
        byte[] trailer = format.batchTrailer();
        byte[] row = {0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 42};
        assertThat(format.row(header, true)).as("a header on its own").isNull();
        assertThat(format.row(concat(header, trailer), true)).as("an empty stream").isNull();
        assertThat(format.row(trailer, false)).isNull();
        assertThat(format.row(concat(header, row), true)).isEqualTo(row);
        assertThat(format.keyFields(format.row(row, false), 1)).containsExactly("42");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> format.row("1\tx\n".getBytes(), true))
                .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("COPY signature");
    }

    @Test
    void baseTypeDropsModifiersAndArrayBrackets() {
        assertThat(Arrays.asList("numeric(12,2)[]", "timestamp(3) with time zone", "character varying(20)", "\"char\""))
                .map(CopyFormat::baseType)
                .containsExactly("numeric", "timestamp with time zone", "character varying", "\"char\"");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String firstRow(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1) + " " + r.getString(2);
        }
    }
}
