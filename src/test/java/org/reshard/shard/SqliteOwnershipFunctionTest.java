package org.reshard.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.topology.HashPartition;
import org.reshard.topology.HashRange;
import org.reshard.topology.Routing;

/** {@code reshard_owned(hash, ranges)} on a real SQLite connection agrees with the Java partition, edges and NULL included. */
class SqliteOwnershipFunctionTest {

    @TempDir
    Path dir;

    @Test
    void agreesWithTheRingPartitionOnRandomAndEdgeHashes() throws Exception {
        HashPartition ring = new Routing.HashRing(150).partition(List.of("a", "b", "c"));
        List<HashRange> ofB = ring.rangesByShard().get("b");
        assertThat(ofB).hasSizeGreaterThan(50);
        String ranges = SqliteOwnershipFunction.rangesText(ofB);
        SplittableRandom random = new SplittableRandom(11);
        try (Connection c = connect(); PreparedStatement owned = c.prepareStatement("SELECT reshard_owned(?, ?)")) {
            for (int i = 0; i < 5_000; i++) {
                long hash = i < 4 ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE, ofB.getFirst().from(), ofB.getLast().to()}[i] : random.nextLong();
                owned.setLong(1, hash);
                owned.setString(2, ranges);
                try (ResultSet r = owned.executeQuery()) {
                    r.next();
                    assertThat(r.getInt(1)).as("hash %d", hash).isEqualTo(ring.ownerOf(hash).equals("b") ? 1 : 0);
                }
            }
            for (HashRange range : ofB) {
                assertThat(ask(owned, range.from(), ranges)).isEqualTo(1);
                assertThat(ask(owned, range.to(), ranges)).isEqualTo(1);
                if (range.from() != Long.MIN_VALUE) {
                    assertThat(ask(owned, range.from() - 1, ranges)).as("just before %s", range).isEqualTo(ring.ownerOf(range.from() - 1).equals("b") ? 1 : 0);
                }
            }
        }
    }

    @Test
    void aNullKeyHasNoOwnerAndAMalformedRangeListIsAnError() throws Exception {
        try (Connection c = connect(); PreparedStatement owned = c.prepareStatement("SELECT reshard_owned(?, ?) IS NULL")) {
            owned.setNull(1, java.sql.Types.BIGINT);
            owned.setString(2, "0:10");
            try (ResultSet r = owned.executeQuery()) {
                r.next();
                assertThat(r.getBoolean(1)).isTrue();
            }
        }
        try (Connection c = connect(); PreparedStatement owned = c.prepareStatement("SELECT reshard_owned(?, ?)")) {
            assertThat(ask(owned, 5, "")).as("no ranges own nothing").isZero();
            owned.setLong(1, 5);
            owned.setString(2, "0-10");
            assertThatThrownBy(owned::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("from:to");
        }
    }

    private static int ask(PreparedStatement owned, long hash, String ranges) throws SQLException {
        owned.setLong(1, hash);
        owned.setString(2, ranges);
        try (ResultSet r = owned.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    private Connection connect() throws SQLException {
        return new SqliteShardDataSource("jdbc:sqlite:" + dir.resolve("owned.db")).getConnection();
    }
}
