package org.reshard.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.reshard.topology.PartitionAssertions.SPACE;
import static org.reshard.topology.PartitionAssertions.assertCoversSpaceExactlyOnce;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hash ranges, the equal split and {@link HashPartition}: coverage, ownership at the boundaries, merging. */
class HashPartitionTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 10, 16, 17, 100})
    void equalSplitCoversTheSpaceAndSharesItEvenly(int n) {
        List<String> shards = IntStream.range(0, n).mapToObj(i -> "s" + i).toList();

        HashPartition partition = new Routing.HashRanges(List.of(), true).partition(shards);

        assertCoversSpaceExactlyOnce(partition);
        assertThat(partition.ranges()).extracting(OwnedRange::shardId).containsExactlyElementsOf(shards);
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
        for (int i = 0; i < n; i++) {
            HashRange range = partition.ranges().get(i).range();
            BigInteger expectedFrom = min.add(SPACE.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)));
            assertThat(BigInteger.valueOf(range.from())).as("start of range %d of %d", i, n).isEqualTo(expectedFrom);
            assertThat(range.fraction()).isCloseTo(1.0 / n, offset(1e-12));
            BigInteger floor = SPACE.divide(BigInteger.valueOf(n));
            assertThat(range.size()).isBetween(floor, floor.add(BigInteger.ONE));
        }
    }

    @Test
    void equalSplitOfTwoHalvesAtZero() {
        HashPartition partition = new Routing.HashRanges(List.of(), true).partition(List.of("a", "b"));
        assertThat(partition.ranges()).containsExactly(
                new OwnedRange(new HashRange(Long.MIN_VALUE, -1), "a"),
                new OwnedRange(new HashRange(0, Long.MAX_VALUE), "b"));
    }

    @Test
    void ownerOfAtEveryBoundary() {
        HashPartition partition = HashPartition.ofSorted(List.of(
                new OwnedRange(new HashRange(Long.MIN_VALUE, Long.MIN_VALUE), "a"),
                new OwnedRange(new HashRange(Long.MIN_VALUE + 1, -1), "b"),
                new OwnedRange(new HashRange(0, 0), "c"),
                new OwnedRange(new HashRange(1, Long.MAX_VALUE - 1), "d"),
                new OwnedRange(new HashRange(Long.MAX_VALUE, Long.MAX_VALUE), "e")));

        for (OwnedRange owned : partition.ranges()) {
            assertThat(partition.ownerOf(owned.range().from())).isEqualTo(owned.shardId());
            assertThat(partition.ownerOf(owned.range().to())).isEqualTo(owned.shardId());
        }
        assertThat(partition.ownerOf(-2)).isEqualTo("b");
        assertThat(partition.ownerOf(2)).isEqualTo("d");
    }

    @Test
    void ofSortedMergesNeighboursWithTheSameOwner() {
        HashPartition partition = HashPartition.ofSorted(List.of(
                new OwnedRange(new HashRange(Long.MIN_VALUE, -100), "a"),
                new OwnedRange(new HashRange(-99, 0), "a"),
                new OwnedRange(new HashRange(1, 10), "b"),
                new OwnedRange(new HashRange(11, Long.MAX_VALUE), "a")));

        assertThat(partition.ranges()).containsExactly(
                new OwnedRange(new HashRange(Long.MIN_VALUE, 0), "a"),
                new OwnedRange(new HashRange(1, 10), "b"),
                new OwnedRange(new HashRange(11, Long.MAX_VALUE), "a"));
        assertThat(partition.rangesByShard().get("a")).containsExactly(new HashRange(Long.MIN_VALUE, 0), new HashRange(11, Long.MAX_VALUE));
        assertThat(partition.shareByShard().get("b")).isEqualTo(10.0 / Math.pow(2, 64));
    }

    @Test
    void partitionsThatDoNotCoverTheSpaceExactlyOnceAreRejected() {
        assertThatThrownBy(() -> new HashPartition(List.of(new OwnedRange(new HashRange(Long.MIN_VALUE + 1, Long.MAX_VALUE), "a"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HashPartition(List.of(new OwnedRange(new HashRange(Long.MIN_VALUE, Long.MAX_VALUE - 1), "a"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HashPartition(List.of(
                new OwnedRange(new HashRange(Long.MIN_VALUE, 5), "a"),
                new OwnedRange(new HashRange(7, Long.MAX_VALUE), "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorted and adjacent");
        assertThatThrownBy(() -> new HashPartition(List.of(
                new OwnedRange(new HashRange(Long.MIN_VALUE, 5), "a"),
                new OwnedRange(new HashRange(5, Long.MAX_VALUE), "b"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HashPartition(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashRangeSizesAndAdjacency() {
        assertThat(HashRange.ALL.size()).isEqualTo(SPACE);
        assertThat(HashRange.ALL.fraction()).isEqualTo(1.0);
        assertThat(new HashRange(7, 7).size()).isEqualTo(BigInteger.ONE);
        assertThat(new HashRange(-1, 0).isFollowedBy(new HashRange(1, 2))).isTrue();
        assertThat(new HashRange(-1, 0).isFollowedBy(new HashRange(2, 3))).isFalse();
        assertThat(new HashRange(0, Long.MAX_VALUE).isFollowedBy(new HashRange(Long.MIN_VALUE, 0))).isFalse();
        assertThatThrownBy(() -> new HashRange(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
