package org.reshard.query;

import java.util.List;
import java.util.Optional;

/**
 * How an aggregate statement is merged: of the {@code slotCount} per-shard columns the first {@code keyCount} are the group key,
 * then the aggregates folded per group, HAVING, the output columns, ORDER BY and DISTINCT over them.
 * {@code grouped} is false for an aggregate without GROUP BY, which always yields exactly one row.
 */
record AggregateLayout(int keyCount, int slotCount, List<AggregateCall> aggregates, List<OutputColumn> outputs,
                       Optional<OutputExpression> having, List<OrderTerm> order, boolean distinct, boolean grouped) {

    AggregateLayout {
        aggregates = List.copyOf(aggregates);
        outputs = List.copyOf(outputs);
        order = List.copyOf(order);
    }

    /** One output column: its name and how it is computed. */
    record OutputColumn(String name, OutputExpression expression) {
    }

    /** One ORDER BY term over merged groups. */
    record OrderTerm(OutputExpression expression, boolean ascending, boolean nullsFirst) {
    }
}
