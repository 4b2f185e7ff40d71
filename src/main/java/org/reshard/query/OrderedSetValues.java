package org.reshard.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The state of an ordered-set aggregate over one group ({@link PercentileCont}, {@link PercentileDisc},
 * {@link ModeAggregate}): its non-NULL values, the fraction and the direction they came with. Public for Calcite's
 * generated code.
 */
public final class OrderedSetValues {

    private final List<Object> values = new ArrayList<>();
    private double fraction = Double.NaN;
    private boolean descending;

    /** Adds a value (NULLs are ignored, as PostgreSQL's ordered-set aggregates ignore them). */
    OrderedSetValues add(Object value, Double fraction, Boolean descending) {
        if (fraction != null) {
            this.fraction = fraction;
        }
        this.descending = Boolean.TRUE.equals(descending);
        if (value != null) {
            values.add(value);
        }
        return this;
    }

    OrderedSetValues merge(OrderedSetValues other) {
        values.addAll(other.values);
        if (Double.isNaN(fraction)) {
            fraction = other.fraction;
        }
        descending |= other.descending;
        return this;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** The fraction, checked as PostgreSQL checks it. */
    double fraction() {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("percentile value " + fraction + " is not between 0 and 1");
        }
        return fraction;
    }

    /** The values in the aggregate's order: {@code ascending}, or its reverse for ORDER BY … DESC. */
    List<Object> sorted(Comparator<Object> ascending) {
        List<Object> sorted = new ArrayList<>(values);
        sorted.sort(descending ? ascending.reversed() : ascending);
        return sorted;
    }
}
