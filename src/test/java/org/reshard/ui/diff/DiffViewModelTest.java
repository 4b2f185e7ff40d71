package org.reshard.ui.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.reshard.topology.Topology;

/** The diff screen's state, computed without a window. */
class DiffViewModelTest {

    private static final double EXACT = 1e-9;

    private final Topology two = DiffFixtures.equalRanges("orders-v1", 2);
    private final Topology three = DiffFixtures.equalRanges("orders-v2", 3);
    private final DiffViewModel model = new DiffViewModel();

    @Test
    void twoToThreeEqualSplitMovesShard0ToShard1AndShard1ToShard2HalfTheSpace() {
        model.show(two, three, DiffFixtures.demoPlan(two, three), DiffFixtures.DEMO_ROWS);

        assertThat(model.moveRows()).extracting(MoveRow::pair)
                .containsExactly(new ShardPair("shard-0", "shard-1"), new ShardPair("shard-1", "shard-2"));
        assertThat(model.moveRows().get(0).share()).as("[1/3, 1/2) of the space").isCloseTo(1.0 / 6, offset(EXACT));
        assertThat(model.moveRows().get(1).share()).as("[2/3, 1) of the space").isCloseTo(1.0 / 3, offset(EXACT));
        assertThat(model.moveRows()).extracting(MoveRow::rangeCount).containsExactly(1, 1);
        assertThat(model.moveRows()).extracting(MoveRow::estimatedRows)
                .containsExactly(OptionalLong.of(33_554), OptionalLong.of(66_764));
        assertThat(model.diagramProperty().get().movedShare()).isCloseTo(0.5, offset(EXACT));
    }

    @Test
    void sharesBeforeAndAfterEachSumTo100Percent() {
        model.show(two, three, DiffFixtures.demoPlan(two, three), DiffFixtures.DEMO_ROWS);

        List<LegendRow> shards = shardRows();
        assertThat(shards).extracting(LegendRow::shardId).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(shards).extracting(LegendRow::kind)
                .containsExactly(LegendRow.Kind.KEPT, LegendRow.Kind.KEPT, LegendRow.Kind.ADDED);
        assertThat(shards.stream().mapToDouble(LegendRow::shareBefore).sum()).isCloseTo(1.0, offset(EXACT));
        assertThat(shards.stream().mapToDouble(LegendRow::shareAfter).sum()).isCloseTo(1.0, offset(EXACT));
        assertThat(shards.get(2).shareBefore()).isZero();
        assertThat(shards).allSatisfy(row -> assertThat(row.shareAfter()).isCloseTo(1.0 / 3, offset(EXACT)));
        LegendRow total = totalRow();
        assertThat(total.shardId()).isEqualTo(LegendRows.TOTAL);
        assertThat(total.shareBefore()).isCloseTo(1.0, offset(EXACT));
        assertThat(total.shareAfter()).isCloseTo(1.0, offset(EXACT));
    }

    @Test
    void rowsAfterAreRowsBeforeMinusOutgoingPlusIncomingPlanEstimates() {
        model.show(two, three, DiffFixtures.demoPlan(two, three), DiffFixtures.DEMO_ROWS);

        assertThat(shardRows()).extracting(LegendRow::rowsBefore)
                .containsExactly(OptionalLong.of(99_944), OptionalLong.of(100_056), OptionalLong.of(0));
        assertThat(shardRows()).extracting(LegendRow::rowsAfter).containsExactly(
                OptionalLong.of(99_944 - 33_554), OptionalLong.of(100_056 - 66_764 + 33_554), OptionalLong.of(66_764));
        assertThat(totalRow().rowsBefore()).hasValue(200_000);
        assertThat(totalRow().rowsAfter()).hasValue(200_000);
        assertThat(shardRows().get(2).rowsChange()).hasValue(66_764);
    }

    @Test
    void summarySaysHowMuchOfTheSpaceAndHowManyRowsMove() {
        model.show(two, three, DiffFixtures.demoPlan(two, three), DiffFixtures.DEMO_ROWS);

        assertThat(model.summaryProperty().get())
                .isEqualTo("50.0% of the hash space changes owner — about 100,318 rows (50.2%) move in 2 steps");
        assertThat(model.titleProperty().get()).isEqualTo("orders-v1 → orders-v2");
        assertThat(model.subtitleProperty().get())
                .isEqualTo("2 shards, equal hash ranges  →  3 shards, equal hash ranges");
    }

    @Test
    void aPlanForTwoTablesAddsUpItsStepsPerMove() {
        model.show(two, three, DiffFixtures.plan(two, three, Map.of(new ShardPair("shard-0", "shard-1"), 10L,
                new ShardPair("shard-1", "shard-2"), 20L), "orders", "payments"), Map.of("shard-0", 100L, "shard-1", 100L));

        assertThat(model.moveRows()).extracting(MoveRow::estimatedRows).containsExactly(OptionalLong.of(20), OptionalLong.of(40));
        assertThat(model.summaryProperty().get())
                .isEqualTo("50.0% of the hash space changes owner — about 60 rows (30.0%) move in 4 steps");
    }

    @Test
    void withoutAPlanRowsMovingAreEstimatedFromTheSourceCountsByHashShare() {
        model.show(two, three, null, DiffFixtures.DEMO_ROWS);

        // shard-0 gives a third of its half of the space, shard-1 two thirds of its half: 33,315 + 66,704 rows.
        assertThat(model.moveRows()).extracting(MoveRow::estimatedRows)
                .containsExactly(OptionalLong.of(Math.round(99_944 / 3.0)), OptionalLong.of(Math.round(100_056 * 2 / 3.0)));
        assertThat(model.summaryProperty().get()).isEqualTo("50.0% of the hash space changes owner — about 100,019 rows"
                + " (50.0%) move in 2 moves, estimated by hash share until a plan counts them");
        assertThat(totalRow().rowsAfter()).hasValue(200_000);
    }

    @Test
    void withoutPlanOrCountsRowsAreUnknownButNewShardsStartEmpty() {
        model.show(two, three, null, Map.of());

        assertThat(shardRows()).extracting(LegendRow::rowsBefore)
                .containsExactly(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(0));
        assertThat(shardRows()).extracting(LegendRow::rowsAfter)
                .containsOnly(OptionalLong.empty());
        assertThat(totalRow().rowsBefore()).isEmpty();
        assertThat(model.moveRows()).extracting(MoveRow::estimatedRows).containsOnly(OptionalLong.empty());
        assertThat(model.summaryProperty().get())
                .isEqualTo("50.0% of the hash space changes owner in 2 moves; row counts are not known yet");
    }

    @Test
    void identicalOwnershipMovesNothing() {
        model.show(two, DiffFixtures.equalRanges("orders-v1-copy", 2), null, DiffFixtures.DEMO_ROWS);

        assertThat(model.moveRows()).isEmpty();
        assertThat(model.diagramProperty().get().moves()).isEmpty();
        assertThat(model.summaryProperty().get()).isEqualTo("No hash range changes owner: nothing moves.");
        assertThat(shardRows()).extracting(LegendRow::rowsAfter)
                .containsExactly(OptionalLong.of(99_944), OptionalLong.of(100_056));
    }

    @Test
    void sixteenShardHashRingWithVirtualNodesGivesOneSaneLegendRowPerShard() {
        Topology fifteen = DiffFixtures.ring("ring-15", 15, 150);
        Topology sixteen = DiffFixtures.ring("ring-16", 16, 150);
        model.show(fifteen, sixteen, null, DiffFixtures.rows(15));

        List<LegendRow> shards = shardRows();
        assertThat(shards).hasSize(16);
        assertThat(shards).extracting(LegendRow::shardId).doesNotHaveDuplicates().contains("shard-0", "shard-15");
        assertThat(shards.subList(0, 15)).allSatisfy(row -> {
            assertThat(row.kind()).isEqualTo(LegendRow.Kind.KEPT);
            assertThat(row.shareBefore()).isBetween(0.02, 0.15);
            assertThat(row.shareAfter()).isBetween(0.02, 0.15).isLessThan(row.shareBefore());
            assertThat(row.rowsAfter().getAsLong()).isLessThan(row.rowsBefore().getAsLong());
        });
        assertThat(shards.get(15).kind()).isEqualTo(LegendRow.Kind.ADDED);
        assertThat(shards.get(15).shareBefore()).isZero();
        assertThat(shards.stream().mapToDouble(LegendRow::shareBefore).sum()).isCloseTo(1.0, offset(EXACT));
        assertThat(shards.stream().mapToDouble(LegendRow::shareAfter).sum()).isCloseTo(1.0, offset(EXACT));
        assertThat(totalRow().rowsAfter()).isEqualTo(totalRow().rowsBefore());

        // Consistent hashing: adding one shard moves only to it, from every other shard, about 1/16 of the space.
        assertThat(model.moveRows()).hasSize(15).allSatisfy(row -> assertThat(row.pair().target()).isEqualTo("shard-15"));
        assertThat(model.moveRows().stream().mapToInt(MoveRow::rangeCount).sum()).isGreaterThan(100);
        assertThat(model.diagramProperty().get().movedShare()).isBetween(0.03, 0.12);
        assertThat(model.diagramProperty().get().before()).hasSizeGreaterThan(1_000);
    }

    @Test
    void hoverTextNamesTheRingTheOwnerOrMoveTheRangeAndItsRows() {
        model.show(two, three, DiffFixtures.demoPlan(two, three), DiffFixtures.DEMO_ROWS);
        RingDiagram diagram = model.diagramProperty().get();

        assertThat(ArcDescription.of(RingName.BEFORE, diagram.before().getFirst(), diagram)).isEqualTo("""
                Before · owner shard-0
                [-9223372036854775808, -1]
                50.0% of the hash space""");
        assertThat(ArcDescription.of(RingName.MOVES, diagram.moves().getFirst(), diagram)).isEqualTo("""
                Moving · shard-0 → shard-1
                [-3074457345618258603, -1]
                16.7% of the hash space
                est. 33,554 rows (plan)""");
    }

    @Test
    void hoverTextOfOneOfManySmallMovingArcsScalesItsMovesRows() {
        Topology fifteen = DiffFixtures.ring("ring-15", 15, 150);
        Topology sixteen = DiffFixtures.ring("ring-16", 16, 150);
        model.show(fifteen, sixteen, null, DiffFixtures.rows(15));
        RingDiagram diagram = model.diagramProperty().get();

        assertThat(ArcDescription.of(RingName.MOVES, diagram.moves().getFirst(), diagram))
                .startsWith("Moving · shard-").contains(" → shard-15\n[").containsPattern("\n≈ [0-9,]+ rows \\(by hash share, no plan yet\\)$");
    }

    private List<LegendRow> shardRows() {
        return model.legendRows().stream().filter(row -> row.kind() != LegendRow.Kind.TOTAL).toList();
    }

    private LegendRow totalRow() {
        assertThat(model.legendRows().getLast().kind()).isEqualTo(LegendRow.Kind.TOTAL);
        return model.legendRows().getLast();
    }
}
