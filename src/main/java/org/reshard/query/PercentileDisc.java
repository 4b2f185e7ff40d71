package org.reshard.query;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's {@code percentile_disc(f) WITHIN GROUP (ORDER BY x [DESC])} as a Calcite aggregate: NULLs ignored, the
 * values sorted as the databases sort them ({@link ValueOrder}), and the first value whose position reaches the fraction
 * returned, as orderedsetaggs.c's percentile_disc_final finds it. Public because Calcite's generated code calls it.
 */
public final class PercentileDisc {

    /** The values of one group, with the fraction and direction they came with. */
    public static final class Values {
        final List<Object> values = new ArrayList<>();
        double fraction = Double.NaN;
        boolean descending;
    }

    public Values init() {
        return new Values();
    }

    public Values add(Values state, Double fraction, Object value, Boolean descending) {
        if (fraction != null) {
            state.fraction = fraction;
        }
        state.descending = Boolean.TRUE.equals(descending);
        if (value != null) {
            state.values.add(value);
        }
        return state;
    }

    public Values merge(Values a, Values b) {
        a.values.addAll(b.values);
        if (Double.isNaN(a.fraction)) {
            a.fraction = b.fraction;
        }
        a.descending |= b.descending;
        return a;
    }

    public Object result(Values state) {
        if (state.values.isEmpty()) {
            return null;
        }
        if (!(state.fraction >= 0 && state.fraction <= 1)) {
            throw new IllegalArgumentException("percentile value " + state.fraction + " is not between 0 and 1");
        }
        List<Object> sorted = new ArrayList<>(state.values);
        sorted.sort(state.descending ? ValueOrder.NATURAL.reversed() : ValueOrder.NATURAL);
        // The 1-based row: ceil(fraction × rows) in double precision, the first row for 0.
        long row = (long) Math.ceil(state.fraction * sorted.size());
        return sorted.get((int) Math.max(row, 1) - 1);
    }
}
