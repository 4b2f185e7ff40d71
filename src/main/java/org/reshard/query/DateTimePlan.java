package org.reshard.query;

import java.util.List;

/**
 * What {@link DateTimePlanner} decided for one node of a federated statement that computes with PostgreSQL dates and
 * timestamps, which Calcite holds as exact bigints ({@link DateTimeKind}): a constant, a {@link PgDateTime} function,
 * or the node's operand as it is. A {@link Conversion} of the node's result may come on top.
 */
sealed interface DateTimePlan {

    /** A value known when the statement is prepared (a literal, now(), current_date), as its bigint. */
    record Constant(long value) implements DateTimePlan {
    }

    /** A cast to the type the operand already has: the operand. */
    record Unwrap() implements DateTimePlan {
    }

    /**
     * A call of {@code function} (a name {@link FederationCatalog} registers): {@code leading} values, then the node's
     * {@code operands} (by index), then {@code trailing} values (the kind, the session's time zone).
     */
    record Call(String function, List<Object> leading, List<Integer> operands, List<Object> trailing) implements DateTimePlan {

        public Call {
            leading = List.copyOf(leading);
            operands = List.copyOf(operands);
            trailing = List.copyOf(trailing);
        }
    }

    /** The node's value converted to another kind, as PostgreSQL's cast does (where it meets a value of that kind). */
    record Conversion(DateTimeKind from, DateTimeKind to) {
    }
}
