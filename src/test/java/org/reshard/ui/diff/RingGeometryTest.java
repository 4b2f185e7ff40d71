package org.reshard.ui.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reshard.plan.RangeMove;
import org.reshard.plan.TopologyDiff;
import org.reshard.topology.HashPartition;
import org.reshard.topology.HashRange;
import org.reshard.topology.OwnedRange;

/** The hash space on a circle: −2^63 at 12 o'clock, clockwise, arcs tiling 360°, and hover lookup. */
class RingGeometryTest {

    private static final double EXACT = 1e-9;

    @Test
    void hashSpaceStartsAtTwelveOClockAndRunsClockwise() {
        assertThat(RingGeometry.degreesOf(Long.MIN_VALUE)).isEqualTo(0.0);
        assertThat(RingGeometry.degreesOf(-(1L << 62))).isEqualTo(90.0);
        assertThat(RingGeometry.degreesOf(0)).isEqualTo(180.0);
        assertThat(RingGeometry.degreesOf(1L << 62)).isEqualTo(270.0);
        assertThat(RingGeometry.hashAt(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(RingGeometry.hashAt(180)).isZero();
        assertThat(RingGeometry.hashAt(270)).isEqualTo(1L << 62);
        assertThat(RingGeometry.hashAt(360)).as("a full turn is 12 o'clock again").isEqualTo(Long.MIN_VALUE);
        assertThat(RingGeometry.hashAt(-90)).isEqualTo(1L << 62);
    }

    @Test
    void equalSplitArcsCoverExactly360DegreesFromTwelveOClock() {
        List<OwnerArc> arcs = RingGeometry.ownerArcs(DiffFixtures.equalRanges("three", 3).partition());

        assertTiles(arcs);
        assertThat(arcs).extracting(OwnerArc::shardId).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(arcs).allSatisfy(arc -> assertThat(arc.sweepDegrees()).isCloseTo(120.0, offset(EXACT)));
    }

    @Test
    void hashRingArcsWithVirtualNodesCoverExactly360Degrees() {
        HashPartition partition = DiffFixtures.ring("ring", 16, 150).partition();
        List<OwnerArc> arcs = RingGeometry.ownerArcs(partition);

        assertThat(arcs).hasSize(partition.ranges().size()).hasSizeGreaterThan(1_000);
        assertTiles(arcs);
    }

    @Test
    void angleLooksUpTheRangeThatOwnsTheHashUnderIt() {
        HashPartition partition = DiffFixtures.ring("ring", 16, 150).partition();
        List<OwnerArc> arcs = RingGeometry.ownerArcs(partition);
        SplittableRandom random = new SplittableRandom(42);

        for (int i = 0; i < 10_000; i++) {
            double angle = random.nextDouble(360);
            OwnerArc arc = RingGeometry.arcAt(arcs, angle, 0).orElseThrow();
            assertThat(arc.range().contains(RingGeometry.hashAt(angle))).as("arc at %s°", angle).isTrue();
            assertThat(arc.shardId()).isEqualTo(partition.ownerOf(RingGeometry.hashAt(angle)));
        }
    }

    @Test
    void boundariesBelongToTheArcThatStartsThere() {
        List<OwnerArc> arcs = RingGeometry.ownerArcs(DiffFixtures.equalRanges("three", 3).partition());
        double second = arcs.get(1).startDegrees();

        assertThat(owner(arcs, 0)).isEqualTo("shard-0");
        assertThat(owner(arcs, second)).isEqualTo("shard-1");
        assertThat(owner(arcs, Math.nextDown(second))).isEqualTo("shard-0");
        assertThat(owner(arcs, arcs.get(2).startDegrees())).isEqualTo("shard-2");
        assertThat(owner(arcs, Math.nextDown(360.0))).isEqualTo("shard-2");
        assertThat(owner(arcs, 360)).as("wraps to 12 o'clock").isEqualTo("shard-0");
        assertThat(owner(arcs, -1)).isEqualTo("shard-2");
    }

    @Test
    void aRangeOfOneHashValueIsDrawnAndHoveredAtTheMinimumSweep() {
        List<OwnerArc> arcs = RingGeometry.ownerArcs(HashPartition.ofSorted(List.of(
                new OwnedRange(new HashRange(Long.MIN_VALUE, -1), "big"),
                new OwnedRange(new HashRange(0, 0), "tiny"),
                new OwnedRange(new HashRange(1, Long.MAX_VALUE), "rest"))));
        assertTiles(arcs);
        assertThat(arcs.get(1).sweepDegrees()).isLessThan(1e-9);

        assertThat(RingGeometry.arcAt(arcs, 180.3, 1.0)).map(OwnerArc::shardId).contains("tiny");
        assertThat(RingGeometry.arcAt(arcs, 179.7, 1.0)).map(OwnerArc::shardId).contains("tiny");
        assertThat(RingGeometry.arcAt(arcs, 180.6, 1.0)).map(OwnerArc::shardId).contains("rest");
        assertThat(RingGeometry.arcAt(arcs, 179.4, 1.0)).map(OwnerArc::shardId).contains("big");
        assertThat(RingGeometry.arcAt(arcs, 180.3, 0.0)).as("without a minimum it is too small to hit")
                .map(OwnerArc::shardId).contains("rest");
    }

    @Test
    void aTinyArcJustBeforeTwelveOClockIsReachableFromBothSidesOfTheWrap() {
        List<OwnerArc> arcs = RingGeometry.ownerArcs(HashPartition.ofSorted(List.of(
                new OwnedRange(new HashRange(Long.MIN_VALUE, Long.MAX_VALUE - 10), "body"),
                new OwnedRange(new HashRange(Long.MAX_VALUE - 9, Long.MAX_VALUE), "last"))));

        assertThat(RingGeometry.arcAt(arcs, 359.8, 1.0)).map(OwnerArc::shardId).contains("last");
        assertThat(RingGeometry.arcAt(arcs, 0.2, 1.0)).map(OwnerArc::shardId).contains("last");
        assertThat(RingGeometry.arcAt(arcs, 1.0, 1.0)).map(OwnerArc::shardId).contains("body");
        assertThat(RingGeometry.arcAt(arcs, 359.0, 1.0)).map(OwnerArc::shardId).contains("body");
    }

    @Test
    void movesRingHasGapsWhereNothingMovesAndWidensTinyMovingArcs() {
        List<RangeMove> moves = TopologyDiff.moves(DiffFixtures.equalRanges("two", 2).partition(),
                DiffFixtures.equalRanges("three", 3).partition());
        List<MoveArc> arcs = RingGeometry.moveArcs(moves);

        assertThat(arcs).extracting(MoveArc::pair)
                .containsExactly(new ShardPair("shard-0", "shard-1"), new ShardPair("shard-1", "shard-2"));
        assertThat(arcs.get(0).startDegrees()).isCloseTo(120.0, offset(EXACT));
        assertThat(arcs.get(0).sweepDegrees()).isCloseTo(60.0, offset(EXACT));
        assertThat(arcs.get(1).startDegrees()).isCloseTo(240.0, offset(EXACT));
        assertThat(arcs.get(1).endDegrees()).isEqualTo(360.0);
        assertThat(RingGeometry.arcAt(arcs, 60, 1.0)).as("shard-0 keeps its first third").isEmpty();
        assertThat(RingGeometry.arcAt(arcs, 150, 1.0)).map(MoveArc::targetShard).contains("shard-1");
        assertThat(RingGeometry.arcAt(arcs, 200, 1.0)).isEmpty();

        List<MoveArc> ringMoves = RingGeometry.moveArcs(TopologyDiff.moves(DiffFixtures.ring("r", 15, 150).partition(),
                DiffFixtures.ring("r", 16, 150).partition()));
        MoveArc narrowest = ringMoves.stream().min(java.util.Comparator.comparingDouble(MoveArc::sweepDegrees)).orElseThrow();
        assertThat(narrowest.sweepDegrees()).isLessThan(0.05);
        assertThat(RingGeometry.arcAt(ringMoves, narrowest.centreDegrees() + 0.2, 0.5)).contains(narrowest);
    }

    private static String owner(List<OwnerArc> arcs, double degrees) {
        return RingGeometry.arcAt(arcs, degrees, 0).orElseThrow().shardId();
    }

    private static void assertTiles(List<? extends ArcSpan> arcs) {
        assertThat(arcs.getFirst().startDegrees()).isEqualTo(0.0);
        assertThat(arcs.getLast().endDegrees()).isEqualTo(360.0);
        for (int i = 1; i < arcs.size(); i++) {
            assertThat(arcs.get(i).startDegrees()).as("arc %d starts where arc %d ends", i, i - 1)
                    .isEqualTo(arcs.get(i - 1).endDegrees());
        }
        assertThat(arcs.stream().mapToDouble(ArcSpan::sweepDegrees).sum()).isCloseTo(360.0, offset(EXACT));
    }
}
