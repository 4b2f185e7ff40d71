package org.reshard.query;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's {@code mode() WITHIN GROUP (ORDER BY x [DESC])} as a Calcite aggregate: NULLs ignored, the values sorted
 * as the databases sort them ({@link ValueOrder}), and the value of the longest run returned; among runs of equal length
 * the first in that order wins, as in orderedsetaggs.c's mode_final. Public because Calcite's generated code calls it.
 */
public final class ModeAggregate {

    /** The values of one group, with the direction they came with. */
    public static final class Values {
        final List<Object> values = new ArrayList<>();
        boolean descending;
    }

    public Values init() {
        return new Values();
    }

    public Values add(Values state, Object value, Boolean descending) {
        state.descending = Boolean.TRUE.equals(descending);
        if (value != null) {
            state.values.add(value);
        }
        return state;
    }

    public Values merge(Values a, Values b) {
        a.values.addAll(b.values);
        a.descending |= b.descending;
        return a;
    }

    public Object result(Values state) {
        List<Object> sorted = new ArrayList<>(state.values);
        sorted.sort(state.descending ? ValueOrder.NATURAL.reversed() : ValueOrder.NATURAL);
        Object mode = null;
        long modeLength = 0;
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
