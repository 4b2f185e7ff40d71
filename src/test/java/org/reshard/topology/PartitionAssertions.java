package org.reshard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;

/** Checks shared by the partition tests. */
final class PartitionAssertions {

    static final BigInteger SPACE = BigInteger.ONE.shiftLeft(64);

    private PartitionAssertions() {
    }

    /** Sorted adjacent ranges from MIN to MAX, neighbours with different owners, sizes adding up to 2^64. */
    static void assertCoversSpaceExactlyOnce(HashPartition partition) {
        List<OwnedRange> ranges = partition.ranges();
        assertThat(ranges).isNotEmpty();
        assertThat(ranges.getFirst().range().from()).isEqualTo(Long.MIN_VALUE);
        assertThat(ranges.getLast().range().to()).isEqualTo(Long.MAX_VALUE);
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < ranges.size(); i++) {
            total = total.add(ranges.get(i).range().size());
            if (i > 0) {
                OwnedRange previous = ranges.get(i - 1);
                OwnedRange current = ranges.get(i);
                assertThat(BigInteger.valueOf(previous.range().to()).add(BigInteger.ONE))
                        .as("range %d starts right after range %d", i, i - 1)
                        .isEqualTo(BigInteger.valueOf(current.range().from()));
                assertThat(current.shardId()).as("neighbours %d and %d are merged when they share an owner", i - 1, i)
                        .isNotEqualTo(previous.shardId());
            }
        }
        assertThat(total).isEqualTo(SPACE);
    }
}
