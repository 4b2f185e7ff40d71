package org.reshard.topology;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How keys map to shards: explicit hash ranges or a consistent-hashing ring. */
public sealed interface Routing permits Routing.HashRanges, Routing.HashRing {

    /** The ownership of the hash space this routing gives to the listed shards. */
    HashPartition partition(List<String> shardIds);

    /** Explicit inclusive ranges; {@code equal} means the even split computed from the shard list. */
    record HashRanges(List<OwnedRange> ranges, boolean equal) implements Routing {

        public HashRanges {
            ranges = List.copyOf(ranges);
        }

        @Override
        public HashPartition partition(List<String> shardIds) {
            if (equal) {
                return HashPartition.ofSorted(equalSplit(shardIds));
            }
            return HashPartition.ofSorted(ranges.stream().sorted(Comparator.comparing(OwnedRange::range)).toList());
        }

        /** Range i starts at -2^63 + floor(i * 2^64 / n), as DESIGN 3.1 fixes it. */
        public static List<OwnedRange> equalSplit(List<String> shardIds) {
            int n = shardIds.size();
            BigInteger space = BigInteger.ONE.shiftLeft(64);
            BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
            List<OwnedRange> split = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long from = min.add(space.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n))).longValueExact();
                long to = i == n - 1 ? Long.MAX_VALUE
                        : min.add(space.multiply(BigInteger.valueOf(i + 1)).divide(BigInteger.valueOf(n)))
                                .subtract(BigInteger.ONE).longValueExact();
                split.add(new OwnedRange(new HashRange(from, to), shardIds.get(i)));
            }
            return split;
        }
    }

    /**
     * Consistent hashing: each shard has {@code virtualNodes} points at {@code hash(shardId + "#vn" + i)};
     * a key belongs to the first point at or after its hash, wrapping around.
     */
    record HashRing(int virtualNodes) implements Routing {

        public static final int DEFAULT_VIRTUAL_NODES = 150;

        public HashRing {
            if (virtualNodes < 1) {
                throw new IllegalArgumentException("virtualNodes must be at least 1, was " + virtualNodes);
            }
        }

        @Override
        public HashPartition partition(List<String> shardIds) {
            List<RingNode> nodes = new ArrayList<>();
            for (int order = 0; order < shardIds.size(); order++) {
                String id = shardIds.get(order);
                for (int i = 0; i < virtualNodes; i++) {
                    nodes.add(new RingNode(RoutingHash.hash(id + "#vn" + i), order, id));
                }
            }
            // Colliding points go to the shard listed first, so the ring never depends on hash-map order.
            nodes.sort(Comparator.comparingLong(RingNode::position).thenComparingInt(RingNode::order));
            List<OwnedRange> ranges = new ArrayList<>();
            long from = Long.MIN_VALUE;
            for (RingNode node : nodes) {
                if (node.position() < from) {
                    continue;
                }
                ranges.add(new OwnedRange(new HashRange(from, node.position()), node.shardId()));
                if (node.position() == Long.MAX_VALUE) {
                    return HashPartition.ofSorted(ranges);
                }
                from = node.position() + 1;
            }
            ranges.add(new OwnedRange(new HashRange(from, Long.MAX_VALUE), nodes.getFirst().shardId()));
            return HashPartition.ofSorted(ranges);
        }

        private record RingNode(long position, int order, String shardId) {
        }
    }
}
