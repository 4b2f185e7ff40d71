package org.reshard.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who owns which part of the hash space: sorted, adjacent ranges that cover it exactly once, with
 * neighbours of the same owner merged. Both routing strategies reduce to one of these.
 */
public record HashPartition(List<OwnedRange> ranges) {

    public HashPartition {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty() || ranges.getFirst().range().from() != Long.MIN_VALUE
                || ranges.getLast().range().to() != Long.MAX_VALUE) {
            throw new IllegalArgumentException("a partition must cover the whole hash space");
        }
        for (int i = 1; i < ranges.size(); i++) {
            if (!ranges.get(i - 1).range().isFollowedBy(ranges.get(i).range())) {
                throw new IllegalArgumentException("partition ranges must be sorted and adjacent: "
                        + ranges.get(i - 1).range() + " then " + ranges.get(i).range());
            }
        }
    }

    /** Builds a partition from sorted adjacent ranges, merging neighbours with the same owner. */
    public static HashPartition ofSorted(List<OwnedRange> sorted) {
        List<OwnedRange> merged = new ArrayList<>();
        for (OwnedRange next : sorted) {
            if (!merged.isEmpty() && merged.getLast().shardId().equals(next.shardId())) {
                OwnedRange last = merged.removeLast();
                merged.add(new OwnedRange(new HashRange(last.range().from(), next.range().to()), next.shardId()));
            } else {
                merged.add(next);
            }
        }
        return new HashPartition(merged);
    }

    /** The shard that owns a hash value. */
    public String ownerOf(long hash) {
        int low = 0;
        int high = ranges.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (ranges.get(mid).range().from() <= hash) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return ranges.get(low).shardId();
    }

    /** A piece of the hash space with one owner in this partition and one in another. */
    public record Overlap(HashRange range, String ownerHere, String ownerThere) {
    }

    /** The hash space cut at both partitions' boundaries, in hash order: each piece with its owner in each. */
    public List<Overlap> overlay(HashPartition other) {
        List<Overlap> pieces = new ArrayList<>();
        List<OwnedRange> here = ranges;
        List<OwnedRange> there = other.ranges;
        int i = 0;
        int j = 0;
        long from = Long.MIN_VALUE;
        while (true) {
            OwnedRange a = here.get(i);
            OwnedRange b = there.get(j);
            long to = Math.min(a.range().to(), b.range().to());
            pieces.add(new Overlap(new HashRange(from, to), a.shardId(), b.shardId()));
            if (to == Long.MAX_VALUE) {
                return pieces;
            }
            if (a.range().to() == to) {
                i++;
            }
            if (b.range().to() == to) {
                j++;
            }
            from = to + 1;
        }
    }

    /** Each shard's ranges, in hash order. */
    public Map<String, List<HashRange>> rangesByShard() {
        Map<String, List<HashRange>> byShard = new LinkedHashMap<>();
        for (OwnedRange owned : ranges) {
            byShard.computeIfAbsent(owned.shardId(), id -> new ArrayList<>()).add(owned.range());
        }
        byShard.replaceAll((id, list) -> Collections.unmodifiableList(list));
        return Collections.unmodifiableMap(byShard);
    }

    /** Each shard's share of the hash space, between 0 and 1. */
    public Map<String, Double> shareByShard() {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (OwnedRange owned : ranges) {
            shares.merge(owned.shardId(), owned.range().fraction(), Double::sum);
        }
        return Collections.unmodifiableMap(shares);
    }
}
