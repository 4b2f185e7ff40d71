package org.reshard.query;

import java.time.ZoneId;
import java.util.ArrayList;
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
 * PostgreSQL's typing: a quoted literal is of unknown type and takes the type of what it meets — the other
 * operand of a comparison or of arithmetic ({@code count(*) != '8'} compares bigints, {@code count(*) + '1'}
 * adds them), the common type of CASE results and COALESCE, GREATEST, LEAST, NULLIF arguments, boolean as a
 * condition — and is read by that type's input function. Two quoted literals compared are text.
 * {@code slotColumns} give the type of every per-shard column; aggregates take theirs from their argument's.
 */
record PostgresTyping(List<ResultColumn> slotColumns, List<AggregateCall> aggregates, ZoneId sessionZone) implements LiteralTyping {

    PostgresTyping {
        slotColumns = List.copyOf(slotColumns);
        aggregates = List.copyOf(aggregates);
    }

    /** The type PostgreSQL gives the (already typed) expression. */
    PgType typeOf(OutputExpression expression) {
        return switch (expression) {
            case Slot e -> slotType(e.index());
            case Aggregate e -> aggregateType(aggregates.get(e.index()));
            case Literal e -> PgType.ofConstant(e.value());
            case Untyped e -> PgType.UNKNOWN;
            case Converted e -> typeOf(e.operand());
            case Arithmetic e -> PgType.arithmetic(typeOf(e.left()), typeOf(e.right()));
            case Negation e -> typeOf(e.operand());
            case Concatenation e -> PgType.TEXT;
            case Comparison e -> PgType.BOOLEAN;
            case Logical e -> PgType.BOOLEAN;
            case Not e -> PgType.BOOLEAN;
            case NullTest e -> PgType.BOOLEAN;
            case Case e -> PgType.common(branches(e.results(), e.otherwise()).stream().map(this::typeOf).toList());
            case Call e -> callType(e);
        };
    }

    @Override
    public OutputExpression comparison(String operator, OutputExpression left, OutputExpression right) {
        PgType leftType = typeOf(left);
        PgType rightType = typeOf(right);
        return new Comparison(operator, typed(left, rightType), typed(right, leftType));
    }

    @Override
    public OutputExpression arithmetic(SqlArithmetic.Operator operator, OutputExpression left, OutputExpression right) {
        PgType leftType = typeOf(left);
        PgType rightType = typeOf(right);
        // The merge does number arithmetic only; a literal next to a timestamp (interval arithmetic) stays as it is and fails when evaluated.
        return new Arithmetic(operator, rightType.isNumber() ? typed(left, rightType) : left, leftType.isNumber() ? typed(right, leftType) : right);
    }

    @Override
    public OutputExpression condition(OutputExpression condition) {
        return typed(condition, PgType.BOOLEAN);
    }

    @Override
    public OutputExpression caseOf(List<OutputExpression> conditions, List<OutputExpression> results, OutputExpression otherwise) {
        PgType common = PgType.common(branches(results, otherwise).stream().map(this::typeOf).toList());
        return new Case(conditions, results.stream().map(r -> typed(r, common)).toList(), otherwise == null ? null : typed(otherwise, common));
    }

    @Override
    public OutputExpression call(ScalarFunctions.Function function, List<OutputExpression> arguments) {
        return switch (function) {
            case ScalarFunctions.Builtin.ROUND -> new Call(function, arguments.size() == 2
                    ? List.of(arguments.getFirst(), typed(arguments.get(1), PgType.INTEGER)) : arguments);
            case ScalarFunctions.Builtin.COALESCE, ScalarFunctions.Builtin.NULLIF, ScalarFunctions.Builtin.GREATEST, ScalarFunctions.Builtin.LEAST -> {
                PgType common = PgType.common(arguments.stream().map(this::typeOf).toList());
                yield new Call(function, arguments.stream().map(a -> typed(a, common)).toList());
            }
            default -> new Call(function, arguments);
        };
    }

    /** A quoted literal read as {@code type}; anything else, or a literal meeting another untyped one, as it is. */
    private OutputExpression typed(OutputExpression expression, PgType type) {
        if (expression instanceof Untyped literal && !type.isUnknown()) {
            return new Literal(PgInput.read(literal.text(), type, sessionZone));
        }
        return expression;
    }

    private PgType slotType(int index) {
        return index < slotColumns.size() ? PgType.of(slotColumns.get(index).databaseType()) : PgType.UNKNOWN;
    }

    /**
     * A merged aggregate's type: COUNT is bigint; SUM, MIN and MAX keep the type of the shards' partial
     * (a partial SUM already has SUM's type); AVG is numeric, or double precision over floats. DISTINCT
     * aggregates are merged from the values themselves, so SUM widens them as PostgreSQL's sum() does.
     */
    private PgType aggregateType(AggregateCall call) {
        PgType argument = slotType(call.slot());
        return switch (call.kind()) {
            case COUNT -> PgType.BIGINT;
            case MIN, MAX -> argument;
            case SUM -> call.distinct() ? sumOf(argument) : argument;
            case AVG -> argument.family() == PgType.Family.FLOAT ? PgType.DOUBLE : argument.isNumber() ? PgType.NUMERIC : argument;
        };
    }

    private static PgType sumOf(PgType argument) {
        if (argument.equals(PgType.SMALLINT) || argument.equals(PgType.INTEGER)) {
            return PgType.BIGINT;
        }
        return argument.equals(PgType.BIGINT) ? PgType.NUMERIC : argument;
    }

    private PgType callType(Call call) {
        List<PgType> arguments = call.arguments().stream().map(this::typeOf).toList();
        return switch (call.function()) {
            case ScalarFunctions.CastTo cast -> cast.pgType();
            // round(x) of an integer or a float resolves to round(double precision), as ScalarFunctions computes it.
            case ScalarFunctions.Builtin.ROUND -> arguments.size() == 1 && arguments.getFirst().family() != PgType.Family.NUMERIC
                    ? PgType.DOUBLE : PgType.NUMERIC;
            case ScalarFunctions.Builtin.ABS, ScalarFunctions.Builtin.NULLIF -> arguments.getFirst();
            case ScalarFunctions.Builtin.COALESCE, ScalarFunctions.Builtin.GREATEST, ScalarFunctions.Builtin.LEAST -> PgType.common(arguments);
        };
    }

    private static List<OutputExpression> branches(List<OutputExpression> results, OutputExpression otherwise) {
        List<OutputExpression> branches = new ArrayList<>(results);
        if (otherwise != null) {
            branches.add(otherwise);
        }
        return branches;
    }
}
