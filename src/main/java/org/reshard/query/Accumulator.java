package org.reshard.query;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Folds one aggregate's per-shard partials into the merged value. */
sealed interface Accumulator {

    void add(Object[] shardRow);

    Object result();

    /** COUNT: the sum of the shards' counts. */
    final class CountSum implements Accumulator {
        private final int slot;
        private long count;

        CountSum(int slot) {
            this.slot = slot;
        }

        public void add(Object[] shardRow) {
            count = Math.addExact(count, ((Number) shardRow[slot]).longValue());
        }

        public Object result() {
            return count;
        }
    }

    /** SUM: the sum of the shards' sums, NULL when every shard's sum is NULL. */
    final class Sum implements Accumulator {
        private final int slot;
        private final Semantics semantics;
        private Object sum;

        Sum(int slot, Semantics semantics) {
            this.slot = slot;
            this.semantics = semantics;
        }

        public void add(Object[] shardRow) {
            sum = SqlArithmetic.sum(sum, shardRow[slot], semantics);
        }

        public Object result() {
            return sum;
        }
    }

    /** MIN or MAX of the shards' MIN or MAX, ignoring NULLs. */
    final class Extreme implements Accumulator {
        private final int slot;
        private final boolean minimum;
        private Object extreme;

        Extreme(int slot, boolean minimum) {
            this.slot = slot;
            this.minimum = minimum;
        }

        public void add(Object[] shardRow) {
            Object value = shardRow[slot];
            if (value == null) {
                return;
            }
            int c = extreme == null ? 0 : ValueOrder.compare(value, extreme);
            if (extreme == null || (minimum ? c < 0 : c > 0)) {
                extreme = value;
            }
        }

        public Object result() {
            return extreme;
        }
    }

    /** AVG rewritten as SUM and COUNT: the merged sum divided by the merged count, as the database divides. */
    final class Average implements Accumulator {
        private final Sum sum;
        private final CountSum count;
        private final Semantics semantics;

        Average(int sumSlot, int countSlot, Semantics semantics) {
            this.sum = new Sum(sumSlot, semantics);
            this.count = new CountSum(countSlot);
            this.semantics = semantics;
        }

        public void add(Object[] shardRow) {
            sum.add(shardRow);
            count.add(shardRow);
        }

        public Object result() {
            return average(sum.result(), (Long) count.result(), semantics);
        }
    }

    /** COUNT, SUM or AVG over DISTINCT values: the union of the shards' distinct values, counted or added once each. */
    final class DistinctValues implements Accumulator {
        private final AggregateCall.Kind kind;
        private final int slot;
        private final Semantics semantics;
        private final Map<Object, Object> values = new LinkedHashMap<>();

        DistinctValues(AggregateCall.Kind kind, int slot, Semantics semantics) {
            this.kind = kind;
            this.slot = slot;
            this.semantics = semantics;
        }

        public void add(Object[] shardRow) {
            Object value = shardRow[slot];
            if (value != null) {
                values.putIfAbsent(ValueKey.canonical(value), value);
            }
        }

        public Object result() {
            if (kind == AggregateCall.Kind.COUNT) {
                return (long) values.size();
            }
            Object sum = null;
            for (Object value : values.values()) {
                sum = SqlArithmetic.sum(sum, value, semantics);
            }
            return kind == AggregateCall.Kind.SUM ? sum : average(sum, (long) values.size(), semantics);
        }
    }

    /** PostgreSQL: an exact numeric quotient (double for double sums); SQLite: always a double. */
    static Object average(Object sum, long count, Semantics semantics) {
        if (sum == null || count == 0) {
            return null;
        }
        if (sum instanceof Double || semantics == Semantics.SQLITE) {
            return ((Number) sum).doubleValue() / count;
        }
        return PgNumeric.divide(ValueOrder.decimal((Number) sum), BigDecimal.valueOf(count));
    }
}
