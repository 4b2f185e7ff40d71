package org.reshard.query;

import java.time.LocalDate;
import java.util.List;

/**
 * What {@link DateTimePlanner} decided for one node of a federated statement that computes with PostgreSQL timestamps,
 * which Calcite holds as exact microseconds (bigint): a constant, a function of {@link PgDateTime}, or the
 * node's operand as it is.
 */
sealed interface DateTimePlan {

    /** A timestamp known when the statement is prepared (a literal, now()), as its microseconds. */
    record Constant(long micros) implements DateTimePlan {
    }

    /** current_date in the session's time zone. */
    record Today(LocalDate date) implements DateTimePlan {
    }

    /** A cast to the type the operand already has: the operand. */
    record Unwrap() implements DateTimePlan {
    }

    /**
     * A call of {@code function} (a name {@link FederationCatalog} registers) on the node's {@code operands} (by index),
     * with the timestamp's kind and the session's time zone appended; {@code field} (date_trunc's and extract's unit,
     * null for none) goes first.
     */
    record Call(String function, String field, List<Integer> operands, boolean zoned) implements DateTimePlan {

        public Call {
            operands = List.copyOf(operands);
        }
    }
}
