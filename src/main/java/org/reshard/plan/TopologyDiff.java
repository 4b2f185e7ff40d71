package org.reshard.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reshard.topology.HashPartition;
import org.reshard.topology.HashRange;

/** The parts of the hash space whose owner differs between two partitions, grouped by source → target. */
public final class TopologyDiff {

    private TopologyDiff() {
    }

    /** Every moving range exactly once, in hash order within each source → target pair. */
    public static List<RangeMove> moves(HashPartition before, HashPartition after) {
        Map<String, List<HashRange>> byPair = new LinkedHashMap<>();
        Map<String, String[]> pairs = new LinkedHashMap<>();
        for (HashPartition.Overlap piece : before.overlay(after)) {
            if (!piece.ownerHere().equals(piece.ownerThere())) {
                String key = piece.ownerHere() + "\u0000" + piece.ownerThere();
                pairs.putIfAbsent(key, new String[] {piece.ownerHere(), piece.ownerThere()});
                appendMerging(byPair.computeIfAbsent(key, k -> new ArrayList<>()), piece.range());
            }
        }
        List<RangeMove> moves = new ArrayList<>();
        byPair.forEach((key, ranges) -> moves.add(new RangeMove(pairs.get(key)[0], pairs.get(key)[1], ranges)));
        return moves;
    }

    /** Share of the hash space that changes owner, between 0 and 1. */
    public static double movedShare(HashPartition before, HashPartition after) {
        return moves(before, after).stream().mapToDouble(RangeMove::fraction).sum();
    }

    private static void appendMerging(List<HashRange> ranges, HashRange next) {
        if (!ranges.isEmpty() && ranges.getLast().isFollowedBy(next)) {
            ranges.add(new HashRange(ranges.removeLast().from(), next.to()));
        } else {
            ranges.add(next);
        }
    }
}
