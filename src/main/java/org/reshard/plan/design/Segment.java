package org.reshard.plan.design;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.reshard.topology.HashRange;

/**
 * A piece of the hash space while a design is worked out: its bounds, its owner in the design, and the
 * row density (rows per whole hash space) of the shard that owns it today.
 */
final class Segment {

    static final BigInteger SPACE = BigInteger.ONE.shiftLeft(64);
    private static final BigDecimal SPACE_DECIMAL = new BigDecimal(SPACE);

    long from;
    long to;
    String owner;
    final String original;
    final double density;

    Segment(long from, long to, String owner, String original, double density) {
        this.from = from;
        this.to = to;
        this.owner = owner;
        this.original = original;
        this.density = density;
    }

    Segment copy() {
        return new Segment(from, to, owner, original, density);
    }

    BigInteger size() {
        return BigInteger.valueOf(to).subtract(BigInteger.valueOf(from)).add(BigInteger.ONE);
    }

    double fraction() {
        return new HashRange(from, to).fraction();
    }

    double weight() {
        return fraction() * density;
    }

    /** How many hash values of this segment hold {@code weight}, rounded, between 0 and its size. */
    BigInteger valuesFor(double weight) {
        if (density <= 0 || weight <= 0) {
            return BigInteger.ZERO;
        }
        BigInteger count = new BigDecimal(weight / density).multiply(SPACE_DECIMAL).toBigInteger();
        return count.min(size());
    }

    static double weightOf(BigInteger values, double density) {
        return new BigDecimal(values).divide(SPACE_DECIMAL).doubleValue() * density;
    }

    @Override
    public String toString() {
        return owner + "[" + from + ", " + to + "]";
    }
}
