package org.reshard.query;

/**
 * One aggregate of the statement and the per-shard columns it is merged from: a partial COUNT, SUM, MIN
 * or MAX in {@code slot}; for AVG the partial SUM in {@code slot} and COUNT in {@code countSlot}; for
 * COUNT/SUM/AVG(DISTINCT x) the value of x in {@code slot}, each shard grouping by x.
 */
record AggregateCall(Kind kind, boolean distinct, int slot, int countSlot) {

    /** The aggregates that merge exactly. */
    enum Kind { COUNT, SUM, MIN, MAX, AVG }

    Accumulator newAccumulator(Semantics semantics) {
        if (distinct && (kind == Kind.COUNT || kind == Kind.SUM || kind == Kind.AVG)) {
            return new Accumulator.DistinctValues(kind, slot, semantics);
        }
        return switch (kind) {
            case COUNT -> new Accumulator.CountSum(slot);
            case SUM -> new Accumulator.Sum(slot, semantics);
            case MIN -> new Accumulator.Extreme(slot, true);
            case MAX -> new Accumulator.Extreme(slot, false);
            case AVG -> new Accumulator.Average(slot, countSlot, semantics);
        };
    }
}
