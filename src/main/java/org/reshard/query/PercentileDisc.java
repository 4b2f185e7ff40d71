package org.reshard.query;

import java.util.List;

/**
 * PostgreSQL's {@code percentile_disc(f) WITHIN GROUP (ORDER BY x [DESC])} as a Calcite aggregate: NULLs ignored, the
 * values sorted as the databases sort them ({@link ValueOrder}), and the first value whose position reaches the fraction
 * returned, as orderedsetaggs.c's percentile_disc_final finds it. Public because Calcite's generated code calls it.
 */
public final class PercentileDisc {

    public OrderedSetValues init() {
        return new OrderedSetValues();
    }

    public OrderedSetValues add(OrderedSetValues state, Double fraction, Object value, Boolean descending) {
        return state.add(value, fraction, descending);
    }

    public OrderedSetValues merge(OrderedSetValues a, OrderedSetValues b) {
        return a.merge(b);
    }

    public Object result(OrderedSetValues state) {
        if (state.isEmpty()) {
            return null;
        }
        double fraction = state.fraction();
        List<Object> sorted = state.sorted(ValueOrder.NATURAL);
        // The 1-based row: ceil(fraction × rows) in double precision, the first row for 0.
        long row = (long) Math.ceil(fraction * sorted.size());
        return sorted.get((int) Math.max(row, 1) - 1);
    }
}
