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
import org.reshard.topology.RoutingHash;

/** {@code reshard_owned(value, ranges)} on a real SQLite connection agrees with the Java routing, range edges and NULL included. */
class SqliteOwnershipFunctionTest {

    @TempDir
    Path dir;

    @Test
    void agreesWithTheRingPartitionForIntegerAndTextKeys() throws Exception {
        HashPartition ring = new Routing.HashRing(150).partition(List.of("a", "b", "c"));
        List<HashRange> ofB = ring.rangesByShard().get("b");
        assertThat(ofB).hasSizeGreaterThan(50);
        String ranges = SqliteOwnershipFunction.rangesText(ofB);
        int id = SqliteOwnershipFunction.rangeSetId(ofB);
        assertThat(SqliteOwnershipFunction.rangeSetId(List.copyOf(ofB))).as("the same ranges, the same id").isEqualTo(id);
        assertThat(SqliteOwnershipFunction.rangeSetId(ring.rangesByShard().get("a"))).isNotEqualTo(id);
        SplittableRandom random = new SplittableRandom(11);
        int owned = 0;
        try (Connection c = connect(); PreparedStatement query = c.prepareStatement("SELECT reshard_owned(?, ?)");
             PreparedStatement byId = c.prepareStatement("SELECT reshard_owned(?, " + id + ")")) {
            for (int i = 0; i < 4_000; i++) {
                Object key = i % 2 == 0 ? (Object) random.nextLong() : "customer-" + random.nextInt() + "-ü";
                int expected = ring.ownerOf(RoutingHash.hash(key.toString())).equals("b") ? 1 : 0;
                assertThat(ask(query, key, ranges)).as("key %s", key).isEqualTo(expected);
                byId.setObject(1, key);
                try (ResultSet r = byId.executeQuery()) {
                    r.next();
                    assertThat(r.getInt(1)).as("key %s by range set id", key).isEqualTo(expected);
                }
                owned += expected;
            }
        }
        assertThat(owned).as("both answers occur").isBetween(500, 2_500);
    }

    @Test
    void rangeEndsAreInclusive() throws Exception {
        long hash = RoutingHash.hash("42");
        try (Connection c = connect(); PreparedStatement query = c.prepareStatement("SELECT reshard_owned(?, ?)")) {
            assertThat(ask(query, 42L, hash + ":" + hash)).isEqualTo(1);
            assertThat(ask(query, 42L, Long.MIN_VALUE + ":" + (hash - 1) + "," + (hash + 1) + ":" + Long.MAX_VALUE)).isZero();
            assertThat(ask(query, 42L, Long.MIN_VALUE + ":" + hash)).isEqualTo(1);
            assertThat(ask(query, 42L, hash + ":" + Long.MAX_VALUE)).isEqualTo(1);
            assertThat(ask(query, "42", hash + ":" + hash)).as("the text '42' hashes as the integer 42").isEqualTo(1);
        }
    }

    @Test
    void aNullKeyHasNoOwnerAndAMalformedRangeListIsAnError() throws Exception {
        try (Connection c = connect(); PreparedStatement query = c.prepareStatement("SELECT reshard_owned(?, ?) IS NULL")) {
            query.setNull(1, java.sql.Types.BIGINT);
            query.setString(2, "0:10");
            try (ResultSet r = query.executeQuery()) {
                r.next();
                assertThat(r.getBoolean(1)).isTrue();
            }
        }
        try (Connection c = connect(); PreparedStatement query = c.prepareStatement("SELECT reshard_owned(?, ?)")) {
            assertThat(ask(query, 5L, "")).as("no ranges own nothing").isZero();
            query.setLong(1, 5);
            query.setString(2, "0-10");
            assertThatThrownBy(query::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("from:to");
        }
        try (Connection c = connect(); PreparedStatement query = c.prepareStatement("SELECT reshard_owned(5, 999999)")) {
            assertThatThrownBy(query::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("no range set 999999");
        }
    }

    private static int ask(PreparedStatement query, Object key, String ranges) throws SQLException {
        query.setObject(1, key);
        query.setString(2, ranges);
        try (ResultSet r = query.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    private Connection connect() throws SQLException {
        return new SqliteShardDataSource("jdbc:sqlite:" + dir.resolve("owned.db")).getConnection();
    }
}
