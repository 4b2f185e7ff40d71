package org.reshard.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reshard.cdc.ChangeCaptureTest.ITEMS;
import static org.reshard.cdc.ChangeCaptureTest.MOVING;
import static org.reshard.cdc.ChangeCaptureTest.describe;
import static org.reshard.cdc.ChangeCaptureTest.ownerWithHash;
import static org.reshard.cdc.ChangeCaptureTest.rows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reshard.shard.ShardPools;
import org.reshard.testing.Await;
import org.reshard.testing.SecondPostgresServer;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;

/**
 * A transaction the write-ahead log delivers before it is visible on its source. A commit waiting for a synchronous
 * standby holds that state as long as the standby takes; on a server without one it lasts microseconds, but happens.
 * Here the standby never answers until the test cancels the wait, so the moment is held open on purpose.
 */
class WalFeedVisibilityTest {

    /**
     * Twice: an update the stream carries whole, applied from the stream; and one that leaves a TOASTed value out of the
     * stream, so the applier reads the row on the source, where it must wait until the update is visible.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "row read on the source: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aChangeIsAppliedAsCommittedEvenWhenTheStreamDeliversItBeforeTheSourceShowsIt(boolean readOnTheSource) throws Exception {
        try (SecondPostgresServer server = SecondPostgresServer.start("visibility")) {
            ShardSpec source = new ShardSpec("src", server.createDatabase("src"));
            ShardSpec target = new ShardSpec("dst", server.createDatabase("dst"));
            // Commits wait for a standby only where a session asks (the writer below); everyone else commits locally.
            ShardFixture.execute(source, "ALTER SYSTEM SET synchronous_standby_names = 'nobody'",
                    "ALTER SYSTEM SET synchronous_commit = 'local'", "SELECT pg_reload_conf()");
            WalFeedTest.createItems(source, target);
            String moving = ownerWithHash(true, 0);
            String movingLater = ownerWithHash(true, 1);
            String before = readOnTheSource ? "t".repeat(100_000) : "before";
            ShardFixture.execute(source, "ALTER TABLE items ALTER COLUMN note SET STORAGE EXTERNAL");
            ShardFixture.execute(source, "INSERT INTO items VALUES (1, 'a', '" + moving + "', '" + before + "')");
            ShardFixture.execute(target, "INSERT INTO items VALUES (1, 'a', '" + moving + "', '" + before + "')");
            String change = readOnTheSource ? "UPDATE items SET owner = '" + movingLater + "' WHERE id = 1" : "UPDATE items SET note = 'after' WHERE id = 1";
            String after = readOnTheSource ? movingLater + "|" + before : moving + "|after";
            try (ShardPools pools = new ShardPools(List.of(source, target))) {
                SourceCapture capture = new SourceCapture(pools, "src",
                        List.of(new CapturedTable(ITEMS, describe(pools, "src"), MOVING)), WalSlots.name("rs-visible", "src"));
                capture.install();
                try (Connection writer = ShardFixture.connect(source); Statement w = writer.createStatement()) {
                    w.execute("SET synchronous_commit = on");
                    int writerPid = pid(w);
                    // Own threads, not the common pool: on two cores it has one worker, which the blocked update would hold.
                    CompletableFuture<Void> update = CompletableFuture.runAsync(() -> {
                        try {
                            w.executeUpdate(change);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }, Thread::startVirtualThread);
                    Await.until(java.time.Duration.ofSeconds(30), () -> waitsForStandby(source, writerPid));
                    assertThat(rows(source)).as("committed in the log, not yet visible").containsEntry("1|a", moving + "|" + before);

                    // The standby "answers" 2 s from now; the apply must not settle on the row it can see before then.
                    CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                        try {
                            Thread.sleep(2_000);
                            ShardFixture.execute(source, "SELECT pg_cancel_backend(" + writerPid + ")");
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, Thread::startVirtualThread);
                    new ChangeApplier(pools, capture, List.of(new ChangeRoute("items", "dst", MOVING)))
                            .drain(100, System.nanoTime() + 30_000_000_000L);
                    release.get(30, TimeUnit.SECONDS);
                    update.get(30, TimeUnit.SECONDS);

                    assertThat(rows(source)).containsEntry("1|a", after);
                    assertThat(rows(target)).containsExactly(Map.entry("1|a", after));
                } finally {
                    capture.remove();
                }
            }
        }
    }

    /** pgoutput gives 32-bit transaction ids; the snapshot 64-bit ones, which may be in the next epoch already. */
    @Test
    void aSnapshotSeesTransactionsThatEndedBeforeItAcrossTheEpoch() {
        long epoch = 5L << 32;
        SourceVisibility.Snapshot snapshot = SourceVisibility.Snapshot.parse((epoch + 3) + ":" + (epoch + 10) + ":" + (epoch + 3) + "," + (epoch + 7));
        assertThat(snapshot.sees(9)).as("ended before xmax, not in progress").isTrue();
        assertThat(snapshot.sees(7)).as("in progress").isFalse();
        assertThat(snapshot.sees(10)).as("at xmax: not ended when the snapshot was taken").isFalse();
        assertThat(snapshot.sees(4_294_967_290L)).as("the previous epoch's").isTrue();
        assertThat(SourceVisibility.Snapshot.parse("100:100:").sees(99)).isTrue();
        assertThat(SourceVisibility.Snapshot.parse("100:100:").sees(100)).isFalse();
    }

    private static int pid(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static boolean waitsForStandby(ShardSpec shard, int pid) {
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND wait_event = 'SyncRep'")) {
            r.next();
            return r.getInt(1) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
