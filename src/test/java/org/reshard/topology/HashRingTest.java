package org.reshard.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.reshard.topology.PartitionAssertions.assertCoversSpaceExactlyOnce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reshard.plan.RangeMove;
import org.reshard.plan.TopologyDiff;

/** The consistent-hashing ring of DESIGN 3.1, checked against a brute-force ring. */
class HashRingTest {

    /** One virtual node of the brute-force ring; {@code order} is the shard's place in the list. */
    private record Node(long position, int order, String shardId) {
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 150", "2, 1", "3, 7", "4, 150", "16, 50"})
    void partitionCoversTheSpaceExactlyOnce(int shardCount, int virtualNodes) {
        assertCoversSpaceExactlyOnce(new Routing.HashRing(virtualNodes).partition(shards(shardCount)));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 1", "5, 20", "5, 150", "12, 3"})
    void ownerOfAgreesWithBruteForceOverRingNodes(int shardCount, int virtualNodes) {
        List<String> shards = shards(shardCount);
        HashPartition partition = new Routing.HashRing(virtualNodes).partition(shards);
        List<Node> ring = bruteForceRing(shards, virtualNodes);

        List<Long> samples = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE));
        for (Node node : ring) {
            samples.add(node.position() - 1);
            samples.add(node.position());
            samples.add(node.position() + 1);
        }
        SplittableRandom random = new SplittableRandom(shardCount * 1_000L + virtualNodes);
        for (int i = 0; i < 20_000; i++) {
            samples.add(random.nextLong());
        }
        for (long hash : samples) {
            assertThat(partition.ownerOf(hash)).as("owner of %d", hash).isEqualTo(bruteForceOwner(ring, hash));
        }
    }

    @Test
    void addingAFifthShardMovesAboutAFifthOfTheSpaceAndOnlyToTheNewShard() {
        Routing.HashRing ring = new Routing.HashRing(Routing.HashRing.DEFAULT_VIRTUAL_NODES);
        HashPartition four = ring.partition(shards(4));
        HashPartition five = ring.partition(shards(5));

        List<RangeMove> moves = TopologyDiff.moves(four, five);

        assertThat(TopologyDiff.movedShare(four, five)).isBetween(0.12, 0.28);
        assertThat(moves).isNotEmpty().allSatisfy(move -> assertThat(move.targetShard()).isEqualTo("shard-4"));
        assertThat(moves).extracting(RangeMove::sourceShard).containsExactlyInAnyOrder("shard-0", "shard-1", "shard-2", "shard-3");
    }

    @Test
    void removingAShardMovesOnlyThatShardsRanges() {
        Routing.HashRing ring = new Routing.HashRing(Routing.HashRing.DEFAULT_VIRTUAL_NODES);
        List<String> withoutShard2 = new ArrayList<>(shards(5));
        withoutShard2.remove("shard-2");
        HashPartition before = ring.partition(shards(5));
        HashPartition after = ring.partition(withoutShard2);

        List<RangeMove> moves = TopologyDiff.moves(before, after);

        assertThat(moves).isNotEmpty().allSatisfy(move -> assertThat(move.sourceShard()).isEqualTo("shard-2"));
        assertThat(TopologyDiff.movedShare(before, after)).isEqualTo(before.shareByShard().get("shard-2"), offset(1e-12));
    }

    @Test
    void theOrderOfTheShardListDoesNotMatter() {
        Routing.HashRing ring = new Routing.HashRing(40);
        assertThat(ring.partition(List.of("c", "a", "d", "b"))).isEqualTo(ring.partition(List.of("a", "b", "c", "d")));
    }

    @Test
    void sharesAreRoughlyEqualWithDefaultVirtualNodes() {
        HashPartition partition = new Routing.HashRing(Routing.HashRing.DEFAULT_VIRTUAL_NODES).partition(shards(4));

        assertThat(partition.shareByShard()).hasSize(4)
                .allSatisfy((shard, share) -> assertThat(share).as(shard).isBetween(0.15, 0.35));
        assertThat(partition.shareByShard().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, offset(1e-12));
    }

    @Test
    void aSingleShardOwnsEverything() {
        HashPartition partition = new Routing.HashRing(3).partition(List.of("only"));
        assertThat(partition.ranges()).containsExactly(new OwnedRange(HashRange.ALL, "only"));
    }

    @Test
    void virtualNodesMustBePositive() {
        assertThatThrownBy(() -> new Routing.HashRing(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> shards(int count) {
        return IntStream.range(0, count).mapToObj(i -> "shard-" + i).toList();
    }

    private static List<Node> bruteForceRing(List<String> shards, int virtualNodes) {
        List<Node> ring = new ArrayList<>();
        for (int order = 0; order < shards.size(); order++) {
            for (int i = 0; i < virtualNodes; i++) {
                ring.add(new Node(RoutingHash.hash(shards.get(order) + "#vn" + i), order, shards.get(order)));
            }
        }
        ring.sort(Comparator.comparingLong(Node::position).thenComparingInt(Node::order));
        return ring;
    }

    /** The first node at or after the hash, wrapping around to the first node. */
    private static String bruteForceOwner(List<Node> ring, long hash) {
        for (Node node : ring) {
            if (node.position() >= hash) {
                return node.shardId();
            }
        }
        return ring.getFirst().shardId();
    }
}
