package org.reshard.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reshard.cdc.ChangeCaptureTest.ITEMS;
import static org.reshard.cdc.ChangeCaptureTest.MOVING;
import static org.reshard.cdc.ChangeCaptureTest.describe;
import static org.reshard.cdc.ChangeCaptureTest.ownerWithHash;
import static org.reshard.cdc.ChangeCaptureTest.rows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.shard.ShardPools;
import org.reshard.shard.PostgresDialect;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;

/** Logical capture on a real PostgreSQL server with wal_level = logical: the slot, pgoutput decoding, the applier, TRUNCATE. */
class WalFeedTest {

    @TempDir
    Path dir;

    @Test
    void appliesTheWalsInsertsUpdatesDeletesShardKeyMovesAndTruncate() throws Exception {
        withItemsOnTwoShards((source, target) -> {
            String moving = ownerWithHash(true, 0);
            String staying = ownerWithHash(false, 0);
            String moving2 = ownerWithHash(true, 1);
            try (ShardPools pools = new ShardPools(List.of(source, target))) {
                String slot = WalSlots.name("rs-test-1", "src");
                SourceCapture capture = new SourceCapture(pools, "src", List.of(new CapturedTable(ITEMS, describe(pools, "src"), MOVING)), slot);
                try (Connection c = ShardFixture.connect(source)) {
                    assertThat(CaptureProbe.decide(c, PostgresDialect.INSTANCE, CaptureSetting.AUTO, List.of("items")).method())
                            .as("the test server must run with wal_level = logical (.ci/run sets it)").isEqualTo(CaptureMethod.LOGICAL);
                }
                capture.install();
                capture.install();
                assertThat(capture.method()).isEqualTo(CaptureMethod.LOGICAL);
                assertThat(triggers(source)).isZero();
                try (Connection app = ShardFixture.connect(source); Statement s = app.createStatement()) {
                    s.execute("INSERT INTO items VALUES (1, 'a', '" + moving + "', 'first'), (2, 'b', '" + staying + "', 'stays'),"
                            + " (3, 'c''q', '" + moving + "', 'quoted'), (4, 'd', '" + moving2 + "', 'gone')");
                    s.execute("UPDATE items SET note = 'second' WHERE id = 1");
                    s.execute("DELETE FROM items WHERE id = 4");
                    s.execute("UPDATE items SET owner = '" + staying + "' WHERE id = 3");
                    s.execute("UPDATE items SET owner = '" + moving2 + "' WHERE id = 2");
                }
                ChangeApplier applier = new ChangeApplier(pools, capture, List.of(new ChangeRoute("items", "dst", MOVING)));
                applier.drain(2, System.nanoTime() + 30_000_000_000L);
                assertThat(capture.backlog().pending()).isZero();
                assertThat(rows(target)).containsExactly(
                        Map.entry("1|a", moving + "|second"),
                        Map.entry("2|b", moving2 + "|stays"));
                long confirmed = capture.confirmedPosition();
                assertThat(confirmed).isPositive();

                // A restart reads on from the confirmed position: nothing is applied twice that matters, nothing is lost.
                capture.close();
                try (Connection app = ShardFixture.connect(source); Statement s = app.createStatement()) {
                    s.execute("UPDATE items SET note = 'after restart' WHERE id = 1");
                }
                SourceCapture restarted = new SourceCapture(pools, "src", capture.tables(), slot);
                restarted.startFrom(confirmed);
                ChangeApplier again = new ChangeApplier(pools, restarted, List.of(new ChangeRoute("items", "dst", MOVING)));
                again.drain(100, System.nanoTime() + 30_000_000_000L);
                assertThat(rows(target)).containsEntry("1|a", moving + "|after restart");

                try (Connection app = ShardFixture.connect(source); Statement s = app.createStatement()) {
                    s.execute("TRUNCATE items");
                    s.execute("INSERT INTO items VALUES (7, 'g', '" + moving + "', 'after truncate')");
                }
                again.drain(100, System.nanoTime() + 30_000_000_000L);
                assertThat(rows(target)).containsExactly(Map.entry("7|g", moving + "|after truncate"));

                restarted.remove();
                restarted.remove();
                assertThat(restarted.leftovers()).isEmpty();
                try (Connection c = ShardFixture.connect(source)) {
                    assertThat(WalSlots.list(c)).noneMatch(s -> s.name().equals(slot));
                }
            }
        });
    }

    /** An apply that fails after its changes were read from the stream: the next apply, on the same stream, applies them. */
    @Test
    void changesOfAFailedApplyAreReadAgain() throws Exception {
        withItemsOnTwoShards((source, target) -> {
            String moving = ownerWithHash(true, 0);
            capturing(source, target, ITEMS, "rs-test-2", (capture, applier) -> {
                ShardFixture.execute(source, "INSERT INTO items VALUES (1, 'a', '" + moving + "', 'first'), (2, 'b', '" + moving + "', 'second')");
                ShardFixture.execute(source, "DELETE FROM items WHERE id = 2");
                capture.feed().syncPoint(System.nanoTime() + 30_000_000_000L);
                ShardFixture.execute(target, "ALTER TABLE items RENAME TO items_away");
                assertThatThrownBy(() -> applier.applyNext(100)).isInstanceOf(java.sql.SQLException.class).hasMessageContaining("items");
                ShardFixture.execute(target, "ALTER TABLE items_away RENAME TO items");
                ShardFixture.execute(target, "INSERT INTO items VALUES (2, 'b', '" + moving + "', 'copied before its delete')");

                applier.drain(100, System.nanoTime() + 30_000_000_000L);

                assertThat(rows(target)).containsExactly(Map.entry("1|a", moving + "|first"));
            });
        });
    }

    /**
     * Cleanup, rollback and the way back drop the publication while applications write to its tables; PostgreSQL 15
     * fails such a write when the publication goes with its tables in it (here within 200 drops, in every run tried).
     */
    @Test
    void droppingThePublicationNeverFailsAConcurrentWrite() throws Exception {
        try (ShardFixture fixture = new ShardFixture(ShardFixture.Kind.POSTGRES, dir)) {
            ShardSpec source = fixture.shard("src");
            createItems(source);
            ShardFixture.execute(source, "INSERT INTO items SELECT g, 'p', 'o', 'n' FROM generate_series(1, 100) g");
            String slot = WalSlots.name("rs-test-3", "src");
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
            List<Thread> writers = new java.util.ArrayList<>();
            for (int w = 0; w < 3; w++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    try (Connection app = ShardFixture.connect(source); Statement s = app.createStatement()) {
                        for (long i = 0; writing.get(); i++) {
                            try {
                                s.executeUpdate("UPDATE items SET note = 'w" + i + "' WHERE id = " + (1 + i % 100));
                                writes.incrementAndGet();
                            } catch (java.sql.SQLException e) {
                                failures.add(e.getMessage());
                            }
                        }
                    } catch (java.sql.SQLException e) {
                        failures.add("writer could not connect: " + e.getMessage());
                    }
                }));
            }
            try (Connection c = ShardFixture.connect(source)) {
                for (int cycle = 0; cycle < 200 && failures.isEmpty(); cycle++) {
                    ShardFixture.execute(source, "CREATE PUBLICATION " + slot + " FOR TABLE items");
                    WalSlots.dropPublication(c, slot);
                }
            } finally {
                writing.set(false);
                for (Thread writer : writers) {
                    writer.join();
                }
            }
            assertThat(writes.get()).as("the writers ran").isPositive();
            assertThat(failures).isEmpty();
        }
    }

    /**
     * pgoutput sends a value's output text; routing hashes its {@code ::text}, and the two differ for char(n) (padding),
     * boolean (t/true) and inet (the /32). Capture must route, match keys and write as the copy and the router do: the
     * oracle is the source's own {@code hashtextextended(k::text, 0)}, over inserts, updates of other columns, deletes
     * and shard key moves, with a char(n) column in the primary key.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"char(12)", "boolean", "inet", "padded_code"})
    void keysWhoseOutputTextIsNotTheirTextCastRouteAsTheRouterDoes(String type) throws Exception {
        try (ShardFixture fixture = new ShardFixture(ShardFixture.Kind.POSTGRES, dir)) {
            ShardSpec source = fixture.shard("src");
            ShardSpec target = fixture.shard("dst");
            String value = switch (type) {
                case "boolean" -> "(g % 2 = 0)";
                case "inet" -> "('10.0.' || (g / 250) || '.' || (g % 250))::inet";
                default -> "'c' || g";
            };
            for (ShardSpec shard : List.of(source, target)) {
                ShardFixture.execute(shard, "CREATE DOMAIN padded_code AS char(10)",
                        "CREATE TABLE tagged (id integer NOT NULL, region char(4) NOT NULL, k " + type + ", note text, PRIMARY KEY (id, region))");
            }
            org.reshard.topology.TableSpec spec = new org.reshard.topology.TableSpec("tagged", "k", List.of("id", "region"));
            capturing(source, target, spec, "rs-test-4", (capture, applier) -> {
                ShardFixture.execute(source,
                        "INSERT INTO tagged SELECT g, 'eu', " + value + ", 'first' FROM generate_series(1, 60) g",
                        "UPDATE tagged SET note = 'second' WHERE id % 3 = 0",
                        "DELETE FROM tagged WHERE id % 7 = 0",
                        "UPDATE tagged SET k = (SELECT k FROM tagged WHERE id = 1) WHERE id % 11 = 0");
                applier.drain(25, System.nanoTime() + 30_000_000_000L);

                String moved = "SELECT id || '|' || region || '|' || k::text || '|' || note FROM tagged";
                List<String> expected = lines(source, moved + " WHERE hashtextextended(k::text, 0) >= 0 ORDER BY id");
                assertThat(expected).as("both halves of the hash space are exercised").hasSizeBetween(5, 50);
                assertThat(lines(target, moved + " ORDER BY id")).containsExactlyElementsOf(expected);
            });
        }
    }

    /**
     * Rows the stream carries whole are applied from it, without a read on the source (here the source's table is
     * locked while the applier drains); an update that leaves a TOASTed value out of the stream has its row read on the
     * source, so the target gets the value (the row moves into range by that update, so the target never had it); and
     * with REPLICA IDENTITY FULL an update's old row does not delete the new one under the same key.
     */
    @Test
    void wholeRowsComeFromTheStreamAndOnlyRowsMissingAToastedValueAreReadOnTheSource() throws Exception {
        withItemsOnTwoShards((source, target) -> {
            String moving = ownerWithHash(true, 0);
            String staying = ownerWithHash(false, 0);
            ShardFixture.execute(source, "ALTER TABLE items ALTER COLUMN note SET STORAGE EXTERNAL");
            capturing(source, target, ITEMS, "rs-test-5", (capture, applier) -> {
                ShardFixture.execute(source, "INSERT INTO items VALUES (1, 'a', '" + moving + "', 'first'), (2, 'b', '" + moving + "', 'gone soon')",
                        "UPDATE items SET note = 'second' WHERE id = 1",
                        "DELETE FROM items WHERE id = 2");
                try (Connection locker = ShardFixture.connect(source); Statement s = locker.createStatement()) {
                    locker.setAutoCommit(false);
                    s.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
                    java.util.concurrent.CompletableFuture<Void> drained = java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            applier.drain(100, System.nanoTime() + 30_000_000_000L);
                        } catch (java.sql.SQLException e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                        });
                        Throwable waited = org.assertj.core.api.Assertions.catchThrowable(() -> drained.get(40, java.util.concurrent.TimeUnit.SECONDS));
                        locker.rollback();
                        assertThat(waited).as("the drain read nothing on the source, where the table is locked").isNull();
                        drained.join();
                    }
                    assertThat(rows(target)).containsExactly(Map.entry("1|a", moving + "|second"));

                    String big = "x".repeat(100_000);
                    ShardFixture.execute(source, "INSERT INTO items VALUES (3, 'c', '" + staying + "', '" + big + "')",
                            "UPDATE items SET owner = '" + moving + "' WHERE id = 3");
                    applier.drain(100, System.nanoTime() + 30_000_000_000L);
                    assertThat(lines(target, "SELECT length(note) FROM items WHERE id = 3")).containsExactly("100000");

                    ShardFixture.execute(source, "ALTER TABLE items REPLICA IDENTITY FULL", "UPDATE items SET note = 'full' WHERE id = 1");
                    applier.drain(100, System.nanoTime() + 30_000_000_000L);
                    assertThat(rows(target)).containsEntry("1|a", moving + "|full");
            });
        });
    }

    /**
     * The slot is read by peeks from a plain session, never by a WAL sender. A transaction larger than a read and than a
     * peek is read through the cursor across reads; a capture that stops in the middle of it (a crash: nothing
     * acknowledged past the last whole transaction applied) is read again from the slot by the next one, and the target
     * ends as the source. A start position ahead of the slot (the state file's, after a server lost the slot's last
     * advance) moves the slot there first.
     */
    @Test
    void peeksReadLargeTransactionsAcrossReadsWithoutAWalSenderAndResumeFromTheSlot() throws Exception {
        withItemsOnTwoShards((source, target) -> {
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= 45; i++) {
                values.append(i > 1 ? ", " : "").append("(").append(i).append(", 'p', '").append(ownerWithHash(true, i)).append("', 'n").append(i).append("')");
            }
            String slot = WalSlots.name("rs-test-6", "src");
            try (ShardPools pools = new ShardPools(List.of(source, target))) {
                List<CapturedTable> tables = List.of(new CapturedTable(ITEMS, describe(pools, "src"), MOVING));
                List<ChangeRoute> routes = List.of(new ChangeRoute("items", "dst", MOVING));
                SourceCapture first = new SourceCapture(pools, "src", tables, slot, 7);
                first.install();
                String created = lines(source, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'").getFirst();
                ShardFixture.execute(source, "INSERT INTO items VALUES " + values, "UPDATE items SET note = 'later' WHERE id <= 3",
                        "DELETE FROM items WHERE id = 45");
                ChangeApplier applier = new ChangeApplier(pools, first, routes);
                first.feed().syncPoint(System.nanoTime() + 30_000_000_000L);
                assertThat(applier.applyNext(10).changes()).isEqualTo(10);
                assertThat(applier.applyNext(10).changes()).isEqualTo(10);
                assertThat(lines(source, "SELECT count(*) FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid"
                        + " WHERE s.slot_name = '" + slot + "'")).as("no WAL sender reads the slot").containsExactly("0");
                assertThat(lines(target, "SELECT count(*) FROM items")).containsExactly("20");
                assertThat(first.confirmedPosition()).as("the slot stays before the large transaction, whose commit was not read yet")
                        .isEqualTo(org.postgresql.replication.LogSequenceNumber.valueOf(created).asLong());
                first.close();

                SourceCapture second = new SourceCapture(pools, "src", tables, slot, 7);
                second.startFrom(first.confirmedPosition());
                new ChangeApplier(pools, second, routes).drain(10, System.nanoTime() + 30_000_000_000L);
                assertThat(rows(target)).isEqualTo(rows(source)).hasSize(44).containsEntry("1|p", ownerWithHash(true, 1) + "|later");
                assertThat(lines(source, "SELECT active::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
                        .as("between peeks nobody holds the slot").containsExactly("false");
                second.close();

                ShardFixture.execute(source, "UPDATE items SET note = 'skipped' WHERE id = 4");
                long skipTo = org.postgresql.replication.LogSequenceNumber.valueOf(lines(source, "SELECT pg_current_wal_lsn()::text").getFirst()).asLong();
                ShardFixture.execute(source, "UPDATE items SET note = 'read' WHERE id = 5");
                SourceCapture third = new SourceCapture(pools, "src", tables, slot, 7);
                third.startFrom(skipTo);
                new ChangeApplier(pools, third, routes).drain(10, System.nanoTime() + 30_000_000_000L);
                assertThat(rows(target)).containsEntry("4|p", ownerWithHash(true, 4) + "|n4").containsEntry("5|p", ownerWithHash(true, 5) + "|read");
                assertThat(third.confirmedPosition()).isGreaterThan(skipTo);
                third.remove();
            }
        });
    }

    /**
     * A read that finishes a peek an earlier read began, while a sync point is awaited, returns what it took before it
     * peeks again: the new peek starts where everything is acknowledged, so it would serve those changes a second time.
     */
    @Test
    void aReadThatFinishesAnEarlierReadsPeekReturnsBeforePeekingAgain() throws Exception {
        withItemsOnTwoShards((source, target) -> {
            capturing(source, target, ITEMS, "rs-test-7", (capture, applier) -> {
                for (int i = 1; i <= 15; i++) {
                    ShardFixture.execute(source, "INSERT INTO items VALUES (" + i + ", 'p', '" + ownerWithHash(true, i) + "', 'n')");
                }
                ChangeFeed feed = capture.feed();
                feed.syncPoint(System.nanoTime() + 30_000_000_000L);
                ChangeRead first = feed.read(10);
                assertThat(first.changes()).hasSize(10);
                feed.acknowledge(first);
                feed.syncPoint(System.nanoTime() + 30_000_000_000L);
                ChangeRead second = feed.read(10);
                assertThat(second.changes()).as("the rest of the first peek, nothing twice").hasSize(5)
                        .doesNotContainAnyElementsOf(first.changes());
                feed.acknowledge(second);
                assertThat(feed.read(10).changes()).as("after the second sync point nothing is left").isEmpty();
            });
        });
    }

    /**
     * The slot still held by a reader of a run that died (here a WAL sender streaming it, as the engine's earlier
     * versions read it, whose client is gone but whose server has not noticed): the next peek frees it and reads on.
     */
    @Test
    void aSlotStillHeldByADeadRunsReaderIsFreedByTheNextPeek() throws Exception {
        withItemsOnTwoShards((source, target) -> {
            String moving = ownerWithHash(true, 0);
            capturing(source, target, ITEMS, "rs-test-8", (capture, applier) -> {
                java.util.Properties replication = new java.util.Properties();
                replication.setProperty("replication", "database");
                replication.setProperty("assumeMinServerVersion", "10");
                replication.setProperty("preferQueryMode", "simple");
                try (Connection holder = java.sql.DriverManager.getConnection(source.url(), replication)) {
                    holder.unwrap(org.postgresql.PGConnection.class).getReplicationAPI().replicationStream().logical()
                            .withSlotName(WalSlots.name("rs-test-8", "src")).withSlotOption("proto_version", 1)
                            .withSlotOption("publication_names", WalSlots.name("rs-test-8", "src")).start();
                    String held = "SELECT active::text FROM pg_replication_slots WHERE slot_name = '" + WalSlots.name("rs-test-8", "src") + "'";
                    assertThat(lines(source, held)).containsExactly("true");
                    ShardFixture.execute(source, "INSERT INTO items VALUES (1, 'a', '" + moving + "', 'while held')");

                    applier.drain(100, System.nanoTime() + 30_000_000_000L);

                    assertThat(rows(target)).containsExactly(Map.entry("1|a", moving + "|while held"));
                    assertThat(lines(source, held)).as("the old reader was ended; peeks hold the slot only while they run").containsExactly("false");
                }
            });
        });
    }

    /** Runs a test with shards src and dst, each with the items table. */
    private void withItemsOnTwoShards(TwoShards body) throws Exception {
        try (ShardFixture fixture = new ShardFixture(ShardFixture.Kind.POSTGRES, dir)) {
            ShardSpec source = fixture.shard("src");
            ShardSpec target = fixture.shard("dst");
            createItems(source, target);
            body.run(source, target);
        }
    }

    @FunctionalInterface
    private interface TwoShards {
        void run(ShardSpec source, ShardSpec target) throws Exception;
    }

    /** A test's work with a logical capture of one table from shard src, whose moving half of the hash space goes to dst. */
    @FunctionalInterface
    private interface Capturing {
        void run(SourceCapture capture, ChangeApplier applier) throws Exception;
    }

    private static void capturing(ShardSpec source, ShardSpec target, org.reshard.topology.TableSpec spec, String operation, Capturing body)
            throws Exception {
        try (ShardPools pools = new ShardPools(List.of(source, target))) {
            org.reshard.shard.TableSchema schema;
            try (Connection c = pools.connect("src").orElseThrow()) {
                schema = pools.dialect("src").describe(c, spec.name()).orElseThrow();
            }
            SourceCapture capture = new SourceCapture(pools, "src", List.of(new CapturedTable(spec, schema, MOVING)), WalSlots.name(operation, "src"));
            capture.install();
            try {
                body.run(capture, new ChangeApplier(pools, capture, List.of(new ChangeRoute(spec.name(), "dst", MOVING))));
            } finally {
                capture.remove();
            }
        }
    }

    private static List<String> lines(ShardSpec shard, String sql) throws java.sql.SQLException {
        List<String> lines = new java.util.ArrayList<>();
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                lines.add(r.getString(1));
            }
        }
        return lines;
    }

    @Test
    void slotNamesAreValidAndDistinctPerOperationAndShard() {
        assertThat(WalSlots.name("rs-20261207-063112-9db381", "shard-0")).isEqualTo("reshard_rs_20261207_063112_9db381_shard_0");
        String longName = WalSlots.name("rs-20261207-063112-9db381", "a-very-long-shard-name-that-goes-on-and-on-and-on");
        assertThat(longName).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9_]+")
                .isNotEqualTo(WalSlots.name("rs-20261207-063112-9db381", "a-very-long-shard-name-that-goes-on-and-on-and-on-2"));
    }

    /** The table both tests capture; its shard key (owner) is not in the primary key, so an update's old owner is unknown to the stream. */
    static void createItems(ShardSpec... shards) {
        for (ShardSpec shard : shards) {
            ShardFixture.execute(shard, "CREATE TABLE items (id INTEGER NOT NULL, part TEXT NOT NULL, owner TEXT, note TEXT, PRIMARY KEY (id, part))");
        }
    }

    private static int triggers(ShardSpec shard) throws Exception {
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")) {
            r.next();
            return r.getInt(1);
        }
    }
}
