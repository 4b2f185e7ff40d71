package org.reshard.query;

import java.util.List;

/**
 * PostgreSQL's {@code mode() WITHIN GROUP (ORDER BY x [DESC])} as a Calcite aggregate: NULLs ignored, the values sorted
 * as the databases sort them ({@link ValueOrder}), and the value of the longest run returned; among runs of equal length
 * the first in that order wins, as in orderedsetaggs.c's mode_final. Public because Calcite's generated code calls it.
 */
public final class ModeAggregate {

    public OrderedSetValues init() {
        return new OrderedSetValues();
    }

    public OrderedSetValues add(OrderedSetValues state, Object value, Boolean descending) {
        return state.add(value, null, descending);
    }

    public OrderedSetValues merge(OrderedSetValues a, OrderedSetValues b) {
        return a.merge(b);
    }

    public Object result(OrderedSetValues state) {
        List<Object> sorted = state.sorted(ValueOrder.NATURAL);
        Object mode = null;
        int modeLength = 0;
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || ValueOrder.compare(sorted.get(i), sorted.get(start)) != 0) {
                if (i - start > modeLength) {
                    mode = sorted.get(start);
                    modeLength = i - start;
                }
                start = i;
            }
        }
        return mode;
    }
}
