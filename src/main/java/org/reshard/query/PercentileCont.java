package org.reshard.query;

import java.util.List;

/**
 * PostgreSQL's {@code percentile_cont(f) WITHIN GROUP (ORDER BY x [DESC])} as a Calcite aggregate over double
 * precision values (PostgreSQL casts its input to float8 too): NULLs ignored, the two neighbouring values interpolated
 * as orderedsetaggs.c does. Public because Calcite's generated code calls it.
 */
public final class PercentileCont {

    public OrderedSetValues init() {
        return new OrderedSetValues();
    }

    public OrderedSetValues add(OrderedSetValues state, Double fraction, Double value, Boolean descending) {
        return state.add(value, fraction, descending);
    }

    public OrderedSetValues merge(OrderedSetValues a, OrderedSetValues b) {
        return a.merge(b);
    }

    public Double result(OrderedSetValues state) {
        if (state.isEmpty()) {
            return null;
        }
        double fraction = state.fraction();
        List<Object> sorted = state.sorted(PercentileCont::ascending);
        double position = fraction * (sorted.size() - 1);
        int first = (int) Math.floor(position);
        int second = (int) Math.ceil(position);
        double low = (Double) sorted.get(first);
        if (second == first) {
            return low;
        }
        double high = (Double) sorted.get(second);
        // float8_lerp: loval + (hival - loval) * pct, in this order of operations.
        return low + (high - low) * (position - first);
    }

    /** float8 order: -0 equals 0, NaN above everything. */
    private static int ascending(Object a, Object b) {
        double x = (Double) a;
        double y = (Double) b;
        return x == y ? 0 : Double.compare(x, y);
    }
}
