package org.reshard.query;

import java.time.ZoneId;
import java.util.List;
import org.reshard.query.OutputExpression.Aggregate;
import org.reshard.query.OutputExpression.Arithmetic;
import org.reshard.query.OutputExpression.Call;
import org.reshard.query.OutputExpression.Case;
import org.reshard.query.OutputExpression.Comparison;
import org.reshard.query.OutputExpression.Concatenation;
import org.reshard.query.OutputExpression.Converted;
import org.reshard.query.OutputExpression.Literal;
import org.reshard.query.OutputExpression.Logical;
import org.reshard.query.OutputExpression.Negation;
import org.reshard.query.OutputExpression.Not;
import org.reshard.query.OutputExpression.NullTest;
import org.reshard.query.OutputExpression.Slot;
import org.reshard.query.OutputExpression.Untyped;

/**
 * Types the quoted literals of the expressions the merge evaluates (HAVING, ORDER BY, the select list) as
 * the shards' database types them, once per query and from the shards' column types — before any group
 * is evaluated, so a literal the database rejects fails the query even when no group comes back, as it
 * fails the statement there.
 */
sealed interface LiteralTyping permits PostgresTyping, SqliteTyping {

    /**
     * The typing of the semantics' database; {@code slotColumns} are the columns the shards returned.
     * PostgreSQL reads a timestamp with time zone written without one in the session's zone, which pgjdbc
     * sets to the JVM's default zone, for the shards' sessions as for this one.
     */
    static LiteralTyping of(Semantics semantics, List<ResultColumn> slotColumns, List<AggregateCall> aggregates) {
        return switch (semantics) {
            case POSTGRES -> new PostgresTyping(slotColumns, aggregates, ZoneId.systemDefault());
            case SQLITE -> new SqliteTyping(slotColumns);
        };
    }

    /** The expression with its literals typed. */
    default OutputExpression bind(OutputExpression expression) {
        return switch (expression) {
            case Slot e -> e;
            case Aggregate e -> e;
            case Literal e -> e;
            case Untyped e -> e;
            case Converted e -> e;
            case Arithmetic e -> arithmetic(e.operator(), bind(e.left()), bind(e.right()));
            case Negation e -> new Negation(bind(e.operand()));
            case Concatenation e -> new Concatenation(bind(e.left()), bind(e.right()));
            case Comparison e -> comparison(e.operator(), bind(e.left()), bind(e.right()));
            case Logical e -> new Logical(e.and(), bindCondition(e.left()), bindCondition(e.right()));
            case Not e -> new Not(bindCondition(e.operand()));
            case NullTest e -> new NullTest(bind(e.operand()), e.negated());
            case Case e -> caseOf(e.conditions().stream().map(this::bindCondition).toList(), e.results().stream().map(this::bind).toList(),
                    e.otherwise() == null ? null : bind(e.otherwise()));
            case Call e -> call(e.function(), e.arguments().stream().map(this::bind).toList());
        };
    }

    /** A condition (HAVING, an operand of AND, OR, NOT, a CASE condition) with its literals typed. */
    default OutputExpression bindCondition(OutputExpression condition) {
        return condition(bind(condition));
    }

    /** A typed condition; a quoted literal standing alone as a condition may become a boolean. */
    OutputExpression condition(OutputExpression condition);

    /** {@code left operator right} over typed operands. */
    OutputExpression comparison(String operator, OutputExpression left, OutputExpression right);

    /** {@code left operator right} over typed operands. */
    OutputExpression arithmetic(SqlArithmetic.Operator operator, OutputExpression left, OutputExpression right);

    /** A CASE over typed conditions and results; {@code otherwise} may be null. */
    OutputExpression caseOf(List<OutputExpression> conditions, List<OutputExpression> results, OutputExpression otherwise);

    /** A function call over typed arguments. */
    OutputExpression call(ScalarFunctions.Function function, List<OutputExpression> arguments);
}
