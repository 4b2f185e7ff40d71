package org.reshard.ui.diff;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.reshard.plan.RangeMove;
import org.reshard.topology.HashPartition;
import org.reshard.topology.HashRange;
import org.reshard.topology.OwnedRange;

/**
 * Maps the signed 64-bit hash space onto a circle: −2^63 at 12 o'clock (0°), growing clockwise, 2^63 − 1
 * just before 360°. Pure arithmetic, shared by the painter and the hover lookup so both agree.
 */
public final class RingGeometry {

    public static final double FULL_CIRCLE = 360.0;

    private static final double SPACE = 0x1p64;
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigDecimal SPACE_EXACT = new BigDecimal(BigInteger.ONE.shiftLeft(64));
    private static final BigDecimal CIRCLE_EXACT = BigDecimal.valueOf(360);

    private RingGeometry() {
    }

    /** The angle where a hash value starts; −2^63 is 0°. */
    public static double degreesOf(long hash) {
        return ((double) hash + 0x1p63) / SPACE * FULL_CIRCLE;
    }

    /** The hash value under an angle (taken modulo 360°): the inverse of {@link #degreesOf} up to rounding. */
    public static long hashAt(double degrees) {
        double normal = normalize(degrees);
        // Exact decimal arithmetic: a double cannot hold 64-bit hashes, and 2^64 / 360 is not a finite decimal.
        BigInteger offset = new BigDecimal(normal).multiply(SPACE_EXACT).divide(CIRCLE_EXACT, 0, RoundingMode.FLOOR).toBigInteger();
        BigInteger hash = MIN.add(offset);
        return hash.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /** An angle in [0, 360). */
    public static double normalize(double degrees) {
        double normal = degrees % FULL_CIRCLE;
        return normal < 0 ? normal + FULL_CIRCLE : normal;
    }

    /** The arcs of a partition, in hash order; their sweeps add up to exactly 360°. */
    public static List<OwnerArc> ownerArcs(HashPartition partition) {
        List<OwnerArc> arcs = new ArrayList<>(partition.ranges().size());
        for (OwnedRange owned : partition.ranges()) {
            HashRange range = owned.range();
            arcs.add(new OwnerArc(range, owned.shardId(), degreesOf(range.from()), endDegrees(range) - degreesOf(range.from())));
        }
        return List.copyOf(arcs);
    }

    /** One arc per moving range, in hash order. */
    public static List<MoveArc> moveArcs(List<RangeMove> moves) {
        List<MoveArc> arcs = new ArrayList<>();
        for (RangeMove move : moves) {
            for (HashRange range : move.ranges()) {
                double start = degreesOf(range.from());
                arcs.add(new MoveArc(range, move.sourceShard(), move.targetShard(), start, endDegrees(range) - start));
            }
        }
        arcs.sort(Comparator.comparingLong(arc -> arc.range().from()));
        return List.copyOf(arcs);
    }

    /**
     * The arc drawn under an angle, for arcs sorted by start and not overlapping (gaps allowed). An arc
     * narrower than {@code minSweepDegrees} is drawn that wide, centred on its true position, on top of its
     * neighbours — so a virtual node a fraction of a pixel wide can still be seen and hovered. Where several
     * such widened arcs overlap, the one whose centre is nearest wins.
     */
    public static <A extends ArcSpan> Optional<A> arcAt(List<A> arcs, double degrees, double minSweepDegrees) {
        if (arcs.isEmpty()) {
            return Optional.empty();
        }
        double angle = normalize(degrees);
        double pad = minSweepDegrees / 2;
        A exact = null;
        A nearestNarrow = null;
        double nearestDistance = Double.MAX_VALUE;
        for (A arc : candidates(arcs, angle, pad)) {
            boolean narrow = arc.sweepDegrees() < minSweepDegrees;
            double distance = circularDistance(angle, arc.centreDegrees());
            if (narrow && distance <= pad && distance < nearestDistance) {
                nearestNarrow = arc;
                nearestDistance = distance;
            } else if (!narrow && containsAngle(arc, angle)) {
                exact = arc;
            }
        }
        return Optional.ofNullable(nearestNarrow != null ? nearestNarrow : exact);
    }

    /** The arcs whose true extent lies within {@code pad} degrees of the angle, wrapping around 0°. */
    private static <A extends ArcSpan> List<A> candidates(List<A> arcs, double angle, double pad) {
        List<A> found = new ArrayList<>();
        for (double shifted : new double[] {angle, angle + FULL_CIRCLE, angle - FULL_CIRCLE}) {
            int index = lastStartingAtOrBefore(arcs, shifted + pad);
            for (int i = index; i >= 0 && arcs.get(i).endDegrees() >= shifted - pad; i--) {
                if (!found.contains(arcs.get(i))) {
                    found.add(arcs.get(i));
                }
            }
        }
        return found;
    }

    private static int lastStartingAtOrBefore(List<? extends ArcSpan> arcs, double degrees) {
        int low = 0;
        int high = arcs.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (arcs.get(mid).startDegrees() <= degrees) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    private static boolean containsAngle(ArcSpan arc, double angle) {
        return angle >= arc.startDegrees() && angle < arc.endDegrees();
    }

    private static double circularDistance(double a, double b) {
        double difference = Math.abs(normalize(a) - normalize(b));
        return Math.min(difference, FULL_CIRCLE - difference);
    }

    /** Where a range ends: the start of the next hash value, or exactly 360° for the last one. */
    private static double endDegrees(HashRange range) {
        return range.to() == Long.MAX_VALUE ? FULL_CIRCLE : degreesOf(range.to() + 1);
    }
}
