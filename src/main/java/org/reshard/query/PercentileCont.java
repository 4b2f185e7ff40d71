package org.reshard.query;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's {@code percentile_cont(f) WITHIN GROUP (ORDER BY x [DESC])} as a Calcite aggregate over double
 * precision values (PostgreSQL casts its input to float8 too): NULLs ignored, the two neighbouring values interpolated
 * as orderedsetaggs.c does. Public because Calcite's generated code calls it.
 */
public final class PercentileCont {

    /** The values of one group, with the fraction and direction they came with. */
    public static final class Values {
        final List<Double> values = new ArrayList<>();
        double fraction = Double.NaN;
        boolean descending;
    }

    public Values init() {
        return new Values();
    }

    public Values add(Values state, Double fraction, Double value, Boolean descending) {
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

    public Double result(Values state) {
        if (state.values.isEmpty()) {
            return null;
        }
        if (!(state.fraction >= 0 && state.fraction <= 1)) {
            throw new IllegalArgumentException("percentile value " + state.fraction + " is not between 0 and 1");
        }
        List<Double> sorted = new ArrayList<>(state.values);
        sorted.sort(state.descending ? PercentileCont::descending : PercentileCont::ascending);
        double position = state.fraction * (sorted.size() - 1);
        int first = (int) Math.floor(position);
        int second = (int) Math.ceil(position);
        double low = sorted.get(first);
        if (second == first) {
            return low;
        }
        double high = sorted.get(second);
        // float8_lerp: loval + (hival - loval) * pct, in this order of operations.
        return low + (high - low) * (position - first);
    }

    /** float8 order: -0 equals 0, NaN above everything. */
    private static int ascending(Double a, Double b) {
        return a.doubleValue() == b.doubleValue() ? 0 : Double.compare(a, b);
    }

    private static int descending(Double a, Double b) {
        return ascending(b, a);
    }
}
