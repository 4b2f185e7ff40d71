package org.reshard.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reshard.shard.ShardPools;
import org.reshard.shard.TableSchema;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.HashRange;
import org.reshard.topology.RoutingHash;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;

/** Capture triggers, the applier and write fences on real PostgreSQL databases and SQLite files. */
class ChangeCaptureTest {

    /** The upper half of the hash space moves from the source to the target. */
    static final List<HashRange> MOVING = List.of(new HashRange(0, Long.MAX_VALUE));
    static final TableSpec ITEMS = new TableSpec("items", "owner", List.of("id", "part"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ShardFixture.Kind.class)
    void appliesInsertsUpdatesDeletesAndShardKeyMovesToTheTarget(ShardFixture.Kind kind) throws Exception {
        try (ShardFixture fixture = new ShardFixture(kind, dir)) {
            ShardSpec source = fixture.shard("src");
            ShardSpec target = fixture.shard("dst");
            String create = "CREATE TABLE items (id INTEGER NOT NULL, part TEXT NOT NULL, owner TEXT, note TEXT, PRIMARY KEY (id, part))";
            ShardFixture.execute(source, create);
            ShardFixture.execute(target, create);
            try (ShardPools pools = new ShardPools(List.of(source, target))) {
                TableSchema schema = describe(pools, "src");
                SourceCapture capture = new SourceCapture(pools, "src", List.of(new CapturedTable(ITEMS, schema, MOVING)));
                capture.install();
                String moving = ownerWithHash(true, 0);
                String staying = ownerWithHash(false, 0);
                String moving2 = ownerWithHash(true, 1);
                try (Connection app = ShardFixture.connect(source); Statement s = app.createStatement()) {
                    s.execute("INSERT INTO items VALUES (1, 'a', '" + moving + "', 'first'), (2, 'b', '" + staying + "', 'stays'),"
                            + " (3, 'c''q', '" + moving + "', 'quoted'), (4, 'd', '" + moving2 + "', 'gone')");
                    s.execute("UPDATE items SET note = 'second' WHERE id = 1");
                    s.execute("DELETE FROM items WHERE id = 4");
                    s.execute("UPDATE items SET owner = '" + staying + "' WHERE id = 3");
                    s.execute("UPDATE items SET owner = '" + moving2 + "' WHERE id = 2");
                }
                assertThat(capture.backlog().pending()).isPositive();
                ChangeApplier applier = new ChangeApplier(pools, capture, List.of(new ChangeRoute("items", "dst", MOVING)));
                applier.drain(2, System.nanoTime() + 30_000_000_000L);
                assertThat(capture.backlog()).isEqualTo(ChangeBacklog.EMPTY);
                assertThat(rows(target)).containsExactly(
                        Map.entry("1|a", moving + "|second"),
                        Map.entry("2|b", moving2 + "|stays"));

                ShardFixture.execute(target, "INSERT INTO items VALUES (1000, 'x', '" + staying + "', 'target''s own')");
                try (Connection app = ShardFixture.connect(source); Statement s = app.createStatement()) {
                    s.execute("UPDATE items SET owner = '" + staying + "' WHERE id = 2");
                    s.execute("INSERT INTO items VALUES (1000, 'x', '" + moving + "', 'same key as a target row')");
                    s.execute("DELETE FROM items WHERE id = 1000");
                }
                applier.drain(100, System.nanoTime() + 30_000_000_000L);
                assertThat(rows(target)).containsExactly(
                        Map.entry("1000|x", staying + "|target's own"),
                        Map.entry("1|a", moving + "|second"));
                capture.remove();
                capture.remove();
                assertThat(capture.leftovers()).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ShardFixture.Kind.class)
    void fenceRejectsWritesToMovedKeysOnlyAndCleanupCanBypassIt(ShardFixture.Kind kind) throws Exception {
        try (ShardFixture fixture = new ShardFixture(kind, dir)) {
            ShardSpec source = fixture.shard("src");
            ShardFixture.execute(source, "CREATE TABLE items (id INTEGER NOT NULL, part TEXT NOT NULL, owner TEXT, note TEXT, PRIMARY KEY (id, part))");
            String moving = ownerWithHash(true, 0);
            String staying = ownerWithHash(false, 0);
            ShardFixture.execute(source, "INSERT INTO items VALUES (1, 'a', '" + moving + "', 'm'), (2, 'b', '" + staying + "', 's')");
            try (ShardPools pools = new ShardPools(List.of(source))) {
                SourceCapture capture = new SourceCapture(pools, "src", List.of(new CapturedTable(ITEMS, describe(pools, "src"), MOVING)));
                capture.installFence(java.time.Duration.ofMinutes(5));
                capture.narrowFence();
                try (Connection app = ShardFixture.connect(source); Statement s = app.createStatement()) {
                    assertKeyMoved(() -> s.execute("UPDATE items SET note = 'x' WHERE id = 1"), kind);
                    assertKeyMoved(() -> s.execute("DELETE FROM items WHERE id = 1"), kind);
                    assertKeyMoved(() -> s.execute("UPDATE items SET owner = '" + moving + "' WHERE id = 2"), kind);
                    assertKeyMoved(() -> s.execute("INSERT INTO items VALUES (5, 'e', '" + moving + "', 'new')"), kind);
                    s.execute("UPDATE items SET note = 'still writable' WHERE id = 2");
                    s.execute("INSERT INTO items VALUES (6, 'f', '" + staying + "', 'new staying')");
                }
                CapturedTable table = capture.tables().getFirst();
                assertThat(capture.moveLateRows(table, List.of(new ChangeRoute("items", "src", MOVING)), 100)).isZero();
                SourceCapture.DeletedBatch first = capture.deleteMovedRows(table, 100, null);
                assertThat(first.deleted()).isEqualTo(1);
                assertThat(capture.deleteMovedRows(table, 100, first.lastKey())).isEqualTo(new SourceCapture.DeletedBatch(0, null));
                assertThat(rows(source)).containsOnlyKeys("2|b", "6|f");
                capture.removeFence();
                assertThat(capture.leftovers()).isEmpty();
                ShardFixture.execute(source, "INSERT INTO items VALUES (7, 'g', '" + moving + "', 'after fence')");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ShardFixture.Kind.class)
    void sqliteFenceBlocksTheWholeTableUntilNarrowed(ShardFixture.Kind kind) throws Exception {
        try (ShardFixture fixture = new ShardFixture(kind, dir)) {
            ShardSpec source = fixture.shard("src");
            ShardFixture.execute(source, "CREATE TABLE items (id INTEGER NOT NULL, part TEXT NOT NULL, owner TEXT, note TEXT, PRIMARY KEY (id, part))");
            String staying = ownerWithHash(false, 0);
            try (ShardPools pools = new ShardPools(List.of(source))) {
                SourceCapture capture = new SourceCapture(pools, "src", List.of(new CapturedTable(ITEMS, describe(pools, "src"), MOVING)));
                capture.installFence(java.time.Duration.ofMinutes(5));
                String insert = "INSERT INTO items VALUES (2, 'b', '" + staying + "', 's')";
                if (kind == ShardFixture.Kind.SQLITE) {
                    assertKeyMoved(() -> ShardFixture.execute(source, insert), kind);
                    capture.narrowFence();
                }
                ShardFixture.execute(source, insert);
                assertThat(rows(source)).containsOnlyKeys("2|b");
            }
        }
    }

    /**
     * SQLite's narrowed fence knows the moved keys only, so a writer with a stale topology can add a new key
     * in a moved range. Cleanup moves such a row to its owner and deletes the fenced rows batch by batch, in
     * key order, until none is left; rows that stay are untouched.
     */
    @Test
    void sqliteCleanupMovesLateRowsAndDeletesMovedRowsInKeyOrderedBatches() throws Exception {
        try (ShardFixture fixture = new ShardFixture(ShardFixture.Kind.SQLITE, dir)) {
            ShardSpec source = fixture.shard("src");
            ShardSpec target = fixture.shard("dst");
            String create = "CREATE TABLE items (id INTEGER NOT NULL, part TEXT NOT NULL, owner TEXT, note TEXT, PRIMARY KEY (id, part))";
            ShardFixture.execute(source, create);
            ShardFixture.execute(target, create);
            StringBuilder rows = new StringBuilder();
            for (int i = 1; i <= 23; i++) {
                rows.append(rows.isEmpty() ? "" : ", ").append("(").append(i).append(", 'p").append(i % 3).append("', '")
                        .append(ownerWithHash(i % 4 != 0, i)).append("', 'n')");
            }
            ShardFixture.execute(source, "INSERT INTO items VALUES " + rows);
            Map<String, String> before = rows(source);
            try (ShardPools pools = new ShardPools(List.of(source, target))) {
                SourceCapture capture = new SourceCapture(pools, "src", List.of(new CapturedTable(ITEMS, describe(pools, "src"), MOVING)));
                capture.installFence(java.time.Duration.ofMinutes(5));
                capture.narrowFence();
                String lateOwner = ownerWithHash(true, 500);
                ShardFixture.execute(source, "INSERT INTO items VALUES (99, 'late', '" + lateOwner + "', 'stale writer')");
                CapturedTable table = capture.tables().getFirst();

                assertThat(capture.moveLateRows(table, List.of(new ChangeRoute("items", "dst", MOVING)), 100)).isEqualTo(1);
                assertThat(rows(target)).containsExactly(Map.entry("99|late", lateOwner + "|stale writer"));
                int batches = 0;
                int deleted = 0;
                SourceCapture.DeletedBatch batch = new SourceCapture.DeletedBatch(0, null);
                do {
                    batch = capture.deleteMovedRows(table, 4, batch.lastKey());
                    deleted += batch.deleted();
                    batches++;
                } while (batch.lastKey() != null);

                Map<String, String> staying = new TreeMap<>(before);
                staying.values().removeIf(row -> RoutingHash.hash(row.split("\\|")[0]) >= 0);
                assertThat(deleted).isEqualTo(before.size() - staying.size());
                assertThat(batches).isEqualTo((deleted + 3) / 4 + 1);
                assertThat(rows(source)).isEqualTo(staying);
                capture.removeFence();
            }
        }
    }

    private interface SqlAction {
        void run() throws Exception;
    }

    private static void assertKeyMoved(SqlAction action, ShardFixture.Kind kind) {
        assertThatThrownBy(action::run).satisfies(e -> {
            Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
            assertThat(cause.getMessage()).contains("reshard: key moved");
            if (kind == ShardFixture.Kind.POSTGRES) {
                assertThat(((SQLException) cause).getSQLState()).isEqualTo("55000");
            }
        });
    }

    static TableSchema describe(ShardPools pools, String shard) throws SQLException {
        try (Connection c = pools.connect(shard).orElseThrow()) {
            return pools.dialect(shard).describe(c, "items").orElseThrow();
        }
    }

    /** An owner value whose routing hash is in the upper half (moving) or lower half (staying). */
    static String ownerWithHash(boolean upperHalf, int skip) {
        int found = 0;
        for (int i = 0; ; i++) {
            String candidate = "owner-" + i;
            if ((RoutingHash.hash(candidate) >= 0) == upperHalf && found++ == skip) {
                return candidate;
            }
        }
    }

    static Map<String, String> rows(ShardSpec shard) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, part, owner, note FROM items")) {
            while (r.next()) {
                rows.put(r.getLong(1) + "|" + r.getString(2), r.getString(3) + "|" + r.getString(4));
            }
        }
        return new TreeMap<>(rows);
    }

}
