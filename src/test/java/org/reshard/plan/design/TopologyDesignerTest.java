package org.reshard.plan.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.reshard.common.ErrorCode;
import org.reshard.common.Result;
import org.reshard.plan.CopyRate;
import org.reshard.plan.TopologyDiff;
import org.reshard.topology.HashPartition;
import org.reshard.topology.HashRange;
import org.reshard.topology.OwnedRange;
import org.reshard.topology.Routing;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * The designer's proposals against the optimum: for equal target shares no design can move less than
 * Σ max(0, have − target) (each shard above its target must lose at least its surplus), and the least-data
 * proposal reaches it; the moved share it claims is the one {@link TopologyDiff} finds between the two files.
 */
class TopologyDesignerTest {

    private static final double EXACT = 1e-9;

    static Topology topology(String name, List<OwnedRange> ranges) {
        List<String> ids = ranges.stream().map(OwnedRange::shardId).distinct().sorted().toList();
        return Topology.of(name, null, "jdbc:sqlite:/tmp/designer/registry.db", new Routing.HashRanges(ranges, false),
                ids.stream().map(TopologyDesignerTest::shard).toList(), List.of(new TableSpec("orders", "customer_id", List.of("id"))));
    }

    static Topology equal(int shards) {
        List<String> ids = IntStream.range(0, shards).mapToObj(i -> "shard-" + i).toList();
        return topology("orders-v1", Routing.HashRanges.equalSplit(ids));
    }

    static ShardSpec shard(String id) {
        return new ShardSpec(id, "jdbc:sqlite:/tmp/designer/" + id + ".db");
    }

    static List<ShardSpec> newShards(int first, int count) {
        return IntStream.range(first, first + count).mapToObj(i -> shard("shard-" + i)).toList();
    }

    private static Design ok(Result<Design> result) {
        assertThat(result.isOk()).as("%s", result).isTrue();
        return result.orElseThrow();
    }

    /** What every design must satisfy: it reads back as the same file, and its claimed share is the diff's. */
    private static void assertConsistent(TopologyDesigner designer, Design design) {
        Topology reread = new TopologyLoader(name -> "x").parse(design.json(), null).orElseThrow();
        assertThat(reread.partition()).isEqualTo(design.topology().partition());
        assertThat(reread.shardIds()).isEqualTo(design.topology().shardIds());
        assertThat(design.estimate().movedShare())
                .isCloseTo(TopologyDiff.movedShare(designer.current().partition(), design.topology().partition()), offset(1e-12));
    }

    private static void assertEqualShares(Map<String, Double> weights, double total) {
        for (var e : weights.entrySet()) {
            assertThat(e.getValue()).as("share of %s", e.getKey()).isCloseTo(total / weights.size(), offset(total * 1e-9));
        }
    }

    @Test
    void addingAThirdShardToTwoMovesASixthFromEachInsteadOfHalf() {
        Topology current = equal(2);
        TopologyDesigner designer = new TopologyDesigner(current);

        Design design = ok(designer.add(current, newShards(2, 1), DesignStrategy.LEAST_DATA, null, null));

        assertConsistent(designer, design);
        assertThat(design.estimate().movedShare()).isCloseTo(1.0 / 3, offset(EXACT))
                .isCloseTo(designer.minimumMove(current, List.of("shard-0", "shard-1", "shard-2")), offset(EXACT));
        assertEqualShares(design.topology().partition().shareByShard(), 1.0);
        // the new shard's sixths meet at the old boundary: one contiguous range
        assertThat(design.topology().partition().rangesByShard().get("shard-2")).hasSize(1);
        assertThat(design.topology().name()).isEqualTo("orders-v2");
        assertThat(design.moves()).hasSize(2);
    }

    @Test
    void threeToFourMovesAQuarter() {
        Topology current = equal(3);
        TopologyDesigner designer = new TopologyDesigner(current);

        Design design = ok(designer.add(current, newShards(3, 1), DesignStrategy.LEAST_DATA, "orders-v2", null));

        assertConsistent(designer, design);
        assertThat(design.estimate().movedShare()).isCloseTo(0.25, offset(EXACT));
        assertEqualShares(design.topology().partition().shareByShard(), 1.0);
    }

    @Test
    void fourToThreeMovesOnlyTheRemovedShard() {
        Topology current = equal(4);
        TopologyDesigner designer = new TopologyDesigner(current);

        Design design = ok(designer.remove(current, List.of("shard-3"), DesignStrategy.LEAST_DATA, null, null));

        assertConsistent(designer, design);
        assertThat(design.topology().shardIds()).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(design.estimate().movedShare()).isCloseTo(0.25, offset(EXACT));
        assertEqualShares(design.topology().partition().shareByShard(), 1.0);
    }

    @Test
    void fourToThreeRemovingAMiddleShard() {
        Topology current = equal(4);
        TopologyDesigner designer = new TopologyDesigner(current);

        Design design = ok(designer.remove(current, List.of("shard-1"), DesignStrategy.LEAST_DATA, null, null));

        assertConsistent(designer, design);
        assertThat(design.estimate().movedShare()).isCloseTo(0.25, offset(EXACT));
        assertEqualShares(design.topology().partition().shareByShard(), 1.0);
    }

    @Test
    void unevenRowsAreBalancedByRowsMovingOnlyTheSurplus() {
        Topology current = equal(2);
        Map<String, ShardLoad> loads = Map.of("shard-0", new ShardLoad(900_000, 90_000_000), "shard-1", new ShardLoad(100_000, 10_000_000));
        TopologyDesigner designer = new TopologyDesigner(current, loads, new CopyRate(50_000, null), n -> null);

        Design design = ok(designer.add(current, newShards(2, 1), DesignStrategy.LEAST_DATA, null, null));

        assertConsistent(designer, design);
        // shard-0 keeps a third of the rows, gives 566,667 to shard-2 and shard-1; shard-1 receives, gives nothing
        double optimum = 900_000 - 1_000_000 / 3.0;
        assertThat(designer.minimumMove(current, design.topology().shardIds())).isCloseTo(optimum, offset(1e-6));
        assertThat((double) design.estimate().rows()).isCloseTo(optimum, offset(1.0));
        assertThat((double) design.estimate().bytes()).isCloseTo(optimum * 100, offset(100.0));
        assertThat(design.estimate().duration().toSeconds()).isEqualTo(11); // 566,667 rows at 50,000 rows/s
        assertThat(design.moves()).allSatisfy(m -> assertThat(m.sourceShard()).isEqualTo("shard-0"));
        assertEqualShares(designer.weights(design.topology().partition()), 1_000_000);
    }

    @Test
    void rebalancingUnevenRowsMovesTheSumOfSurpluses() {
        Topology current = equal(3);
        Map<String, ShardLoad> loads = Map.of("shard-0", new ShardLoad(600, 0), "shard-1", new ShardLoad(300, 0), "shard-2", new ShardLoad(100, 0));
        TopologyDesigner designer = new TopologyDesigner(current, loads, CopyRate.ASSUMED, n -> null);

        Design design = ok(designer.rebalance(current, DesignStrategy.LEAST_DATA, null, null));

        assertConsistent(designer, design);
        assertThat(designer.movedWeight(current.partition(), design.topology().partition())).isCloseTo(600 - 1000 / 3.0, offset(1e-6));
        assertEqualShares(designer.weights(design.topology().partition()), 1000);
    }

    @Test
    void fewestRangesGivesEachShardOneRangeInTheOrderThatMovesLeast() {
        Topology current = equal(2);
        TopologyDesigner designer = new TopologyDesigner(current);

        Design design = ok(designer.add(current, newShards(2, 1), DesignStrategy.FEWEST_RANGES, null, null));

        assertConsistent(designer, design);
        assertThat(design.topology().partition().ranges()).extracting(OwnedRange::shardId).containsExactly("shard-0", "shard-2", "shard-1");
        assertThat(design.estimate().movedShare()).isCloseTo(1.0 / 3, offset(EXACT));
    }

    @Test
    void fewestRangesThreeToFourIsContiguousButMovesMoreThanLeastData() {
        Topology current = equal(3);
        TopologyDesigner designer = new TopologyDesigner(current);

        Design few = ok(designer.add(current, newShards(3, 1), DesignStrategy.FEWEST_RANGES, null, null));
        Design least = ok(designer.add(current, newShards(3, 1), DesignStrategy.LEAST_DATA, null, null));

        assertConsistent(designer, few);
        assertThat(few.topology().partition().ranges()).hasSize(4);
        assertEqualShares(few.topology().partition().shareByShard(), 1.0);
        assertThat(few.estimate().movedShare()).isGreaterThan(least.estimate().movedShare() + 0.01);
        // best contiguous order puts the new shard in the middle: 1/12 + 1/6 + ... = 1/3
        assertThat(few.estimate().movedShare()).isCloseTo(1.0 / 3, offset(EXACT));
    }

    @Test
    void splittingAShardMovesHalfOfItsRangeOnly() {
        Topology current = equal(2);
        TopologyDesigner designer = new TopologyDesigner(current);

        Design design = ok(designer.split(current, "shard-1", newShards(2, 1), null, null));

        assertConsistent(designer, design);
        assertThat(design.estimate().movedShare()).isCloseTo(0.25, offset(EXACT));
        assertThat(design.moves()).singleElement().satisfies(m -> {
            assertThat(m.sourceShard()).isEqualTo("shard-1");
            assertThat(m.targetShard()).isEqualTo("shard-2");
        });
        assertThat(design.topology().partition().ranges().getLast().shardId()).isEqualTo("shard-2");
    }

    @Test
    void mergingGivesEveryRangeOfOneShardToAnother() {
        Topology current = equal(3);
        TopologyDesigner designer = new TopologyDesigner(current);

        Design design = ok(designer.merge(current, "shard-0", "shard-1", null, null));

        assertConsistent(designer, design);
        assertThat(design.topology().shardIds()).containsExactly("shard-0", "shard-2");
        assertThat(design.estimate().movedShare()).isCloseTo(1.0 / 3, offset(EXACT));
    }

    @Test
    void movingARangeGivesItToTheShard() {
        Topology current = equal(2);
        TopologyDesigner designer = new TopologyDesigner(current);

        Design design = ok(designer.move(current, new HashRange(-100, 99), "shard-0", List.of(), null, null));

        assertConsistent(designer, design);
        assertThat(design.topology().partition().ownerOf(50)).isEqualTo("shard-0");
        assertThat(design.moves()).singleElement().satisfies(m -> assertThat(m.ranges()).containsExactly(new HashRange(0, 99)));
    }

    @Test
    void operationsChainFromAnEarlierDesignAndCountFromTheCurrentTopology() {
        Topology current = equal(2);
        TopologyDesigner designer = new TopologyDesigner(current);
        Design added = ok(designer.add(current, newShards(2, 1), DesignStrategy.LEAST_DATA, null, null));

        Design removed = ok(designer.remove(added.topology(), List.of("shard-2"), DesignStrategy.LEAST_DATA, null, null));

        assertThat(removed.topology().shardIds()).containsExactly("shard-0", "shard-1");
        assertThat(removed.estimate().movedShare()).isCloseTo(0, offset(EXACT));
    }

    @Test
    void aRingTopologyGetsExplicitRangesMovingTheMinimum() {
        List<String> ids = List.of("shard-0", "shard-1", "shard-2");
        Topology ring = Topology.of("ring-v1", null, "jdbc:sqlite:/tmp/designer/registry.db", new Routing.HashRing(20),
                ids.stream().map(TopologyDesignerTest::shard).toList(), List.of(new TableSpec("orders", "customer_id", List.of("id"))));
        TopologyDesigner designer = new TopologyDesigner(ring);

        Design design = ok(designer.add(ring, newShards(3, 1), DesignStrategy.LEAST_DATA, null, null));

        assertConsistent(designer, design);
        assertThat(design.topology().routing()).isInstanceOf(Routing.HashRanges.class);
        assertThat(design.estimate().movedShare())
                .isCloseTo(designer.minimumMove(ring, design.topology().shardIds()), offset(EXACT));
        assertEqualShares(design.topology().partition().shareByShard(), 1.0);
    }

    @Test
    void unknownAndDuplicateShardsAreInvalid() {
        Topology current = equal(2);
        TopologyDesigner designer = new TopologyDesigner(current);

        Result<Design> unknown = designer.remove(current, List.of("shard-9"), DesignStrategy.LEAST_DATA, null, null);
        Result<Design> duplicate = designer.add(current, List.of(shard("shard-1")), DesignStrategy.LEAST_DATA, null, null);
        Result<Design> splitAlone = designer.split(current, "shard-0", List.of(), null, null);

        for (Result<Design> r : List.of(unknown, duplicate, splitAlone)) {
            assertThat(r).isInstanceOfSatisfying(Result.Failure.class,
                    f -> assertThat(((Result.Failure<?>) f).error().code()).isEqualTo(ErrorCode.TOPOLOGY_INVALID));
        }
        assertThat(((Result.Failure<Design>) unknown).error().describe()).contains("shard-9");
    }

    @Test
    void aBadNewShardUrlFailsAsTheLoaderWould() {
        Topology current = equal(2);
        TopologyDesigner designer = new TopologyDesigner(current);

        Result<Design> r = designer.add(current, List.of(new ShardSpec("shard-2", "jdbc:mysql://x/y")), DesignStrategy.LEAST_DATA, null, null);

        assertThat(r).isInstanceOf(Result.Failure.class);
        assertThat(((Result.Failure<Design>) r).error().code()).isEqualTo(ErrorCode.TOPOLOGY_INVALID);
        assertThat(((Result.Failure<Design>) r).error().describe()).contains("unsupported JDBC URL");
    }

    @Test
    void nextNameCountsUp() {
        assertThat(TopologyDesigner.nextName("orders-v1")).isEqualTo("orders-v2");
        assertThat(TopologyDesigner.nextName("orders")).isEqualTo("orders-v2");
    }

    // ------------------------------------------------------------ random shapes against the optimum

    /** A random current topology: 1–5 shards with random ranges, random rows (some unknown), and 0–3 shards to add. */
    record Shape(List<OwnedRange> ranges, Map<String, ShardLoad> loads, int add, int remove) {
    }

    @Provide
    Arbitrary<Shape> shapes() {
        Arbitrary<Integer> shards = Arbitraries.integers().between(1, 5);
        return shards.flatMap(n -> Combinators.combine(
                // cuts on a 2^40 grid: no range is so small that its rows cannot be divided
                Arbitraries.longs().between(-(1L << 23) + 1, (1L << 23) - 1).map(c -> c << 40).list().ofSize(n * 2 - 1).uniqueElements(),
                Arbitraries.longs().between(0, 2_000_000).list().ofSize(n),
                Arbitraries.integers().between(0, n - 1).list().ofSize(n),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, Math.max(0, n - 1))).as((cuts, rows, owners, add, remove) -> {
                    List<Long> sorted = cuts.stream().sorted().toList();
                    List<OwnedRange> ranges = new ArrayList<>();
                    long from = Long.MIN_VALUE;
                    for (int i = 0; i <= sorted.size(); i++) {
                        long to = i == sorted.size() ? Long.MAX_VALUE : sorted.get(i) - 1;
                        // every shard owns at least its own range i < n; the rest go to random owners
                        String owner = "shard-" + (i < n ? i : owners.get(i - n));
                        ranges.add(new OwnedRange(new HashRange(from, to), owner));
                        from = to + 1;
                    }
                    Map<String, ShardLoad> loads = new HashMap<>();
                    for (int i = 0; i < n; i++) {
                        if (rows.get(i) % 5 != 0) { // a fifth unknown
                            loads.put("shard-" + i, new ShardLoad(rows.get(i), rows.get(i) * 120));
                        }
                    }
                    if (add == 0 && remove == 0 && n == 1) {
                        add = 1;
                    }
                    return new Shape(ranges, loads, add, Math.min(remove, add == 0 ? n - 1 : n));
                }));
    }

    @Property(tries = 300)
    void leastDataReachesTheOptimumAndEqualShares(@ForAll("shapes") Shape shape) {
        Topology current = topology("t-v1", shape.ranges());
        TopologyDesigner designer = new TopologyDesigner(current, shape.loads(), CopyRate.ASSUMED, n -> null);
        int n = current.shardIds().size();
        List<ShardSpec> added = newShards(n, shape.add());
        List<String> removed = current.shardIds().subList(0, shape.remove());
        if (added.isEmpty() && removed.size() == n) {
            return;
        }

        Design design = ok(designer.change(current, added, removed, DesignStrategy.LEAST_DATA, null, null));

        assertConsistent(designer, design);
        HashPartition after = design.topology().partition();
        Map<String, Double> weights = designer.weights(current.partition());
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double optimum = designer.minimumMove(current, design.topology().shardIds());
        assertThat(designer.movedWeight(current.partition(), after)).as("moved vs optimum").isCloseTo(optimum, offset(total * 1e-6));
        Map<String, Double> balanced = designer.weights(after);
        assertThat(balanced.keySet()).containsExactlyInAnyOrderElementsOf(design.topology().shardIds());
        assertEqualSharesLoosely(balanced, total);
        if (designer.rowsKnown()) {
            assertThat((double) design.estimate().rows()).isCloseTo(optimum, offset(total * 1e-6 + 1));
        }
    }

    @Property(tries = 150)
    void fewestRangesIsContiguousAndEqual(@ForAll("shapes") Shape shape) {
        Topology current = topology("t-v1", shape.ranges());
        TopologyDesigner designer = new TopologyDesigner(current, shape.loads(), CopyRate.ASSUMED, n -> null);
        int n = current.shardIds().size();
        List<ShardSpec> added = newShards(n, shape.add());
        List<String> removed = current.shardIds().subList(0, shape.remove());
        if (added.isEmpty() && removed.size() == n) {
            return;
        }

        Design design = ok(designer.change(current, added, removed, DesignStrategy.FEWEST_RANGES, null, null));

        assertConsistent(designer, design);
        Map<String, Double> balanced = designer.weights(design.topology().partition());
        double total = balanced.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEqualSharesLoosely(balanced, total);
        assertThat(designer.movedWeight(current.partition(), design.topology().partition()))
                .isGreaterThanOrEqualTo(designer.minimumMove(current, design.topology().shardIds()) - total * 1e-6);
    }

    private static void assertEqualSharesLoosely(Map<String, Double> weights, double total) {
        if (total <= 0) {
            return;
        }
        for (var e : weights.entrySet()) {
            assertThat(e.getValue()).as("weight of %s in %s", e.getKey(), weights).isCloseTo(total / weights.size(), offset(total * 1e-6));
        }
    }

    @SuppressWarnings("unused")
    private static Path nowhere() {
        return null;
    }
}
