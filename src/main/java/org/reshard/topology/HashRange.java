package org.reshard.topology;

import java.math.BigInteger;

/** An inclusive range {@code [from, to]} of the signed 64-bit hash space. */
public record HashRange(long from, long to) implements Comparable<HashRange> {

    /** The whole hash space. */
    public static final HashRange ALL = new HashRange(Long.MIN_VALUE, Long.MAX_VALUE);

    private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(64);

    public HashRange {
        if (from > to) {
            throw new IllegalArgumentException("hash range start " + from + " is after its end " + to);
        }
    }

    public boolean contains(long hash) {
        return hash >= from && hash <= to;
    }

    /** Number of hash values in the range (up to 2^64, so a BigInteger). */
    public BigInteger size() {
        return BigInteger.valueOf(to).subtract(BigInteger.valueOf(from)).add(BigInteger.ONE);
    }

    /** Share of the whole hash space, between 0 and 1. */
    public double fraction() {
        return size().doubleValue() / SPACE.doubleValue();
    }

    /** True when {@code next} starts right after this range ends. */
    public boolean isFollowedBy(HashRange next) {
        return to != Long.MAX_VALUE && to + 1 == next.from;
    }

    @Override
    public int compareTo(HashRange other) {
        return Long.compare(from, other.from);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + "]";
    }
}
