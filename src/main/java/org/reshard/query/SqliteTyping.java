package org.reshard.query;

import java.util.List;
import org.reshard.query.OutputExpression.Arithmetic;
import org.reshard.query.OutputExpression.Call;
import org.reshard.query.OutputExpression.Case;
import org.reshard.query.OutputExpression.Comparison;
import org.reshard.query.OutputExpression.Converted;
import org.reshard.query.OutputExpression.Slot;

/**
 * SQLite's typing: literals keep their storage class, and a comparison applies affinity to its operands
 * (datatype3.html 4.2). An aggregate has no affinity, so {@code count(*) != '8'} is true (an INTEGER is
 * always less than a TEXT), while a grouped INTEGER column compared with '8' reads it as the number 8.
 * Arithmetic reads text as a number when it is evaluated (see {@link SqlArithmetic}).
 */
record SqliteTyping(List<ResultColumn> slotColumns) implements LiteralTyping {

    SqliteTyping {
        slotColumns = List.copyOf(slotColumns);
    }

    /**
     * A bare grouped column has its declared type's affinity (the shard reports it as the column's type
     * name), a CAST its type's, anything else none. A column declared without a type reads as the type of
     * its value here, since the driver reports no declared type for it.
     */
    Affinity affinityOf(OutputExpression expression) {
        return switch (expression) {
            case Slot slot when slot.column() && slot.index() < slotColumns.size() ->
                    Affinity.ofDeclaredType(slotColumns.get(slot.index()).databaseType());
            case Call call when call.function() instanceof ScalarFunctions.CastTo cast -> cast.affinity();
            default -> Affinity.NONE;
        };
    }

    @Override
    public OutputExpression comparison(String operator, OutputExpression left, OutputExpression right) {
        Affinity a = affinityOf(left);
        Affinity b = affinityOf(right);
        return new Comparison(operator, converted(left, a.appliedAgainst(b)), converted(right, b.appliedAgainst(a)));
    }

    @Override
    public OutputExpression condition(OutputExpression condition) {
        return condition;
    }

    @Override
    public OutputExpression arithmetic(SqlArithmetic.Operator operator, OutputExpression left, OutputExpression right) {
        return new Arithmetic(operator, left, right);
    }

    @Override
    public OutputExpression caseOf(List<OutputExpression> conditions, List<OutputExpression> results, OutputExpression otherwise) {
        return new Case(conditions, results, otherwise);
    }

    @Override
    public OutputExpression call(ScalarFunctions.Function function, List<OutputExpression> arguments) {
        return new Call(function, arguments);
    }

    private static OutputExpression converted(OutputExpression operand, Affinity affinity) {
        return affinity == Affinity.NONE ? operand : new Converted(operand, affinity);
    }
}
