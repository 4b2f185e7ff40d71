package org.reshard.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.reshard.topology.HashPartition;
import org.reshard.topology.HashRange;
import org.reshard.topology.OwnedRange;
import org.reshard.topology.Routing;

/** {@link TopologyDiff#moves} on random partitions of every routing strategy, against a brute-force owner comparison. */
class TopologyDiffPropertyTest {

    private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(64);
    private static final List<String> SHARD_POOL = IntStream.range(0, 20).mapToObj(i -> "s" + i).toList();

    /** Cut points likely to be shared by two random partitions, so boundaries coincide and neighbours touch. */
    private static final List<Long> SHARED_CUTS = sharedCuts();

    /** A moving range and the move it belongs to. */
    private record Moving(HashRange range, RangeMove move) {
    }

    @Property(tries = 500)
    void moveRangesNeverOverlap(@ForAll("partitions") HashPartition before, @ForAll("partitions") HashPartition after) {
        List<Moving> moving = sortedMovingRanges(TopologyDiff.moves(before, after));
        for (int i = 1; i < moving.size(); i++) {
            assertThat(moving.get(i - 1).range().to()).as("%s then %s", moving.get(i - 1), moving.get(i))
                    .isLessThan(moving.get(i).range().from());
        }
    }

    @Property(tries = 500)
    void aHashMovesExactlyWhenItsOwnerChanges(@ForAll("partitions") HashPartition before, @ForAll("partitions") HashPartition after,
                                              @ForAll long seed) {
        List<Moving> moving = sortedMovingRanges(TopologyDiff.moves(before, after));
        for (long hash : sampleHashes(before, after, seed)) {
            String oldOwner = before.ownerOf(hash);
            String newOwner = after.ownerOf(hash);
            Moving found = find(moving, hash);
            if (oldOwner.equals(newOwner)) {
                assertThat(found).as("hash %d stays on %s but is in a move", hash, oldOwner).isNull();
            } else {
                assertThat(found).as("hash %d moves %s -> %s but is in no move", hash, oldOwner, newOwner).isNotNull();
                assertThat(found.move().sourceShard()).as("source of hash %d", hash).isEqualTo(oldOwner);
                assertThat(found.move().targetShard()).as("target of hash %d", hash).isEqualTo(newOwner);
            }
        }
    }

    @Property(tries = 500)
    void movedShareEqualsTheExactShareOfHashesThatChangeOwner(@ForAll("partitions") HashPartition before,
                                                              @ForAll("partitions") HashPartition after) {
        List<RangeMove> moves = TopologyDiff.moves(before, after);
        BigInteger exact = bruteForceMovedSize(before, after);

        BigInteger inMoves = moves.stream().flatMap(m -> m.ranges().stream()).map(HashRange::size).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(inMoves).isEqualTo(exact);
        double exactShare = exact.doubleValue() / SPACE.doubleValue();
        assertThat(TopologyDiff.movedShare(before, after)).isCloseTo(exactShare, offset(1e-12));
        assertThat(moves.stream().mapToDouble(RangeMove::fraction).sum()).isCloseTo(exactShare, offset(1e-12));
    }

    @Property(tries = 500)
    void eachMoveHasSortedMergedRangesAndItsOwnPair(@ForAll("partitions") HashPartition before,
                                                    @ForAll("partitions") HashPartition after) {
        List<RangeMove> moves = TopologyDiff.moves(before, after);
        Set<String> pairs = new HashSet<>();
        for (RangeMove move : moves) {
            assertThat(move.sourceShard()).isNotEqualTo(move.targetShard());
            assertThat(pairs.add(move.sourceShard() + " -> " + move.targetShard())).as("one move per pair: %s", move).isTrue();
            assertThat(move.ranges()).isNotEmpty();
            for (int i = 1; i < move.ranges().size(); i++) {
                HashRange previous = move.ranges().get(i - 1);
                HashRange next = move.ranges().get(i);
                assertThat(BigInteger.valueOf(previous.to()).add(BigInteger.ONE))
                        .as("%s and %s in %s -> %s are sorted and not adjacent", previous, next, move.sourceShard(), move.targetShard())
                        .isLessThan(BigInteger.valueOf(next.from()));
            }
        }
    }

    @Property(tries = 200)
    void reversingTheDiffSwapsSourceAndTarget(@ForAll("partitions") HashPartition before, @ForAll("partitions") HashPartition after) {
        Set<String> forward = new TreeSet<>();
        TopologyDiff.moves(before, after).forEach(m -> m.ranges().forEach(r -> forward.add(m.targetShard() + "<-" + m.sourceShard() + " " + r)));
        Set<String> backward = new TreeSet<>();
        TopologyDiff.moves(after, before).forEach(m -> m.ranges().forEach(r -> backward.add(m.sourceShard() + "<-" + m.targetShard() + " " + r)));
        assertThat(backward).isEqualTo(forward);
    }

    @Property(tries = 200)
    void aPartitionComparedWithItselfMovesNothing(@ForAll("partitions") HashPartition partition) {
        assertThat(TopologyDiff.moves(partition, partition)).isEmpty();
        assertThat(TopologyDiff.movedShare(partition, partition)).isZero();
    }

    @Example
    void twoToThreeEqualShardsMovesHalfTheSpace() {
        HashPartition two = equal(List.of("shard-0", "shard-1"));
        HashPartition three = equal(List.of("shard-0", "shard-1", "shard-2"));

        List<RangeMove> moves = TopologyDiff.moves(two, three);

        assertThat(moves).containsExactly(
                new RangeMove("shard-0", "shard-1", List.of(new HashRange(-3074457345618258603L, -1))),
                new RangeMove("shard-1", "shard-2", List.of(new HashRange(3074457345618258602L, Long.MAX_VALUE))));
        // The equal split floors its bounds, so exactly 2^63 + 1 hashes move: one half, up to rounding.
        BigInteger movedHashes = moves.stream().flatMap(m -> m.ranges().stream()).map(HashRange::size).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(movedHashes).isEqualTo(BigInteger.ONE.shiftLeft(63).add(BigInteger.ONE));
        assertThat(TopologyDiff.movedShare(two, three)).isCloseTo(0.5, offset(1e-12));
    }

    @Example
    void identicalPartitionsGiveNoMoves() {
        HashPartition equalSplit = equal(List.of("a", "b", "c"));
        HashPartition sameAsExplicitRanges = new Routing.HashRanges(Routing.HashRanges.equalSplit(List.of("a", "b", "c")), false)
                .partition(List.of("c", "b", "a"));

        assertThat(TopologyDiff.moves(equalSplit, sameAsExplicitRanges)).isEmpty();
        assertThat(TopologyDiff.movedShare(equalSplit, sameAsExplicitRanges)).isZero();
    }

    @Example
    void adjacentMovingPiecesAreMergedAcrossOldBoundaries() {
        HashPartition before = HashPartition.ofSorted(List.of(
                new OwnedRange(new HashRange(Long.MIN_VALUE, -1), "a"),
                new OwnedRange(new HashRange(0, 99), "b"),
                new OwnedRange(new HashRange(100, Long.MAX_VALUE), "a")));
        HashPartition after = HashPartition.ofSorted(List.of(new OwnedRange(HashRange.ALL, "c")));

        assertThat(TopologyDiff.moves(before, after)).containsExactly(
                new RangeMove("a", "c", List.of(new HashRange(Long.MIN_VALUE, -1), new HashRange(100, Long.MAX_VALUE))),
                new RangeMove("b", "c", List.of(new HashRange(0, 99))));
    }

    @Example
    void piecesSplitOnlyByAnUnmergedBoundaryAreMerged() {
        HashPartition before = new HashPartition(List.of(
                new OwnedRange(new HashRange(Long.MIN_VALUE, -1), "a"),
                new OwnedRange(new HashRange(0, Long.MAX_VALUE), "a")));
        HashPartition after = HashPartition.ofSorted(List.of(new OwnedRange(HashRange.ALL, "b")));

        assertThat(TopologyDiff.moves(before, after)).containsExactly(new RangeMove("a", "b", List.of(HashRange.ALL)));
    }

    // ---- generators

    @Provide
    Arbitrary<HashPartition> partitions() {
        return shardLists().flatMap(ids -> Arbitraries.oneOf(
                Arbitraries.just(equal(ids)),
                explicitRanges(ids),
                Arbitraries.integers().between(1, 50).map(virtualNodes -> new Routing.HashRing(virtualNodes).partition(ids))));
    }

    private static Arbitrary<List<String>> shardLists() {
        return Combinators.combine(Arbitraries.shuffle(SHARD_POOL), Arbitraries.integers().between(1, 16))
                .as((shuffled, size) -> List.copyOf(shuffled.subList(0, size)));
    }

    /**
     * Random cut points (some shared with other partitions), each piece owned by a random listed shard.
     * Half of them keep neighbours of the same owner apart, as the public constructor allows.
     */
    private static Arbitrary<HashPartition> explicitRanges(List<String> ids) {
        Arbitrary<Long> cut = Arbitraries.oneOf(Arbitraries.longs().greaterOrEqual(Long.MIN_VALUE + 1), Arbitraries.of(SHARED_CUTS));
        return Combinators.combine(cut.list().ofMaxSize(40).uniqueElements(), Arbitraries.of(true, false))
                .flatAs((cuts, merged) -> Arbitraries.of(ids).list().ofSize(cuts.size() + 1).map(owners -> {
                    List<OwnedRange> ranges = cutAt(cuts, owners);
                    return merged ? HashPartition.ofSorted(ranges) : new HashPartition(ranges);
                }));
    }

    private static List<OwnedRange> cutAt(List<Long> cuts, List<String> owners) {
        List<Long> sorted = cuts.stream().sorted().toList();
        List<OwnedRange> ranges = new ArrayList<>();
        long from = Long.MIN_VALUE;
        for (int i = 0; i < sorted.size(); i++) {
            ranges.add(new OwnedRange(new HashRange(from, sorted.get(i) - 1), owners.get(i)));
            from = sorted.get(i);
        }
        ranges.add(new OwnedRange(new HashRange(from, Long.MAX_VALUE), owners.getLast()));
        return ranges;
    }

    private static HashPartition equal(List<String> ids) {
        return new Routing.HashRanges(List.of(), true).partition(ids);
    }

    private static List<Long> sharedCuts() {
        Set<Long> cuts = new TreeSet<>(List.of(Long.MIN_VALUE + 1, -2L, -1L, 0L, 1L, 2L, 1L << 62, -(1L << 62), Long.MAX_VALUE - 1, Long.MAX_VALUE));
        for (int n = 2; n <= 5; n++) {
            Routing.HashRanges.equalSplit(IntStream.range(0, n).mapToObj(i -> "x" + i).toList())
                    .forEach(r -> cuts.add(r.range().from()));
        }
        cuts.remove(Long.MIN_VALUE);
        return List.copyOf(cuts);
    }

    // ---- brute force

    /** Every range boundary of both partitions and its neighbours, both ends of the space, and random hashes. */
    private static List<Long> sampleHashes(HashPartition before, HashPartition after, long seed) {
        Set<Long> samples = new TreeSet<>(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE));
        for (HashPartition partition : List.of(before, after)) {
            for (OwnedRange owned : partition.ranges()) {
                for (long bound : new long[] {owned.range().from(), owned.range().to()}) {
                    samples.add(bound);
                    if (bound != Long.MIN_VALUE) {
                        samples.add(bound - 1);
                    }
                    if (bound != Long.MAX_VALUE) {
                        samples.add(bound + 1);
                    }
                }
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            samples.add(random.nextLong());
        }
        return List.copyOf(samples);
    }

    /** The number of hashes whose owner differs, summed over the pieces between all boundaries of both partitions. */
    private static BigInteger bruteForceMovedSize(HashPartition before, HashPartition after) {
        TreeSet<Long> starts = new TreeSet<>();
        before.ranges().forEach(r -> starts.add(r.range().from()));
        after.ranges().forEach(r -> starts.add(r.range().from()));
        BigInteger moved = BigInteger.ZERO;
        List<Long> points = List.copyOf(starts);
        for (int i = 0; i < points.size(); i++) {
            long from = points.get(i);
            BigInteger end = i + 1 < points.size() ? BigInteger.valueOf(points.get(i + 1)) : BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
            if (!before.ownerOf(from).equals(after.ownerOf(from))) {
                moved = moved.add(end.subtract(BigInteger.valueOf(from)));
            }
        }
        return moved;
    }

    private static List<Moving> sortedMovingRanges(List<RangeMove> moves) {
        return moves.stream()
                .flatMap(move -> move.ranges().stream().map(range -> new Moving(range, move)))
                .sorted(Comparator.comparing(Moving::range))
                .toList();
    }

    /** The moving range holding the hash, or null. */
    private static Moving find(List<Moving> sorted, long hash) {
        int low = 0;
        int high = sorted.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            HashRange range = sorted.get(mid).range();
            if (range.to() < hash) {
                low = mid + 1;
            } else if (range.from() > hash) {
                high = mid - 1;
            } else {
                return sorted.get(mid);
            }
        }
        return null;
    }
}
