package org.reshard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.schema.Column;

/**
 * Finds the WHERE terms that pin a sharded table's shard key to literals, the basis of shard pruning. Only
 * top-level AND terms count: each holds for every row of the answer, so only the keys' owners hold rows.
 */
final class ShardKeyConditions {

    private ShardKeyConditions() {
    }

    static List<KeyCondition> of(Expression where, QueryTables tables) {
        List<KeyCondition> found = new ArrayList<>();
        for (Expression term : Conjuncts.of(where)) {
            condition(term, tables.refs()).ifPresent(found::add);
        }
        return found;
    }

    private static Optional<KeyCondition> condition(Expression term, List<TableRef> refs) {
        return switch (term) {
            case EqualsTo equals when equals.getLeftExpression() instanceof Column column -> keyEquals(column, equals.getRightExpression(), term, refs);
            case EqualsTo equals when equals.getRightExpression() instanceof Column column -> keyEquals(column, equals.getLeftExpression(), term, refs);
            case InExpression in when !in.isNot() && in.getLeftExpression() instanceof Column column
                    && in.getRightExpression() instanceof ExpressionList<?> list -> literals(list).flatMap(values ->
                    ShardKeyColumns.tableOfMergedKey(column, refs).map(table -> new KeyCondition(table, values, term.toString())));
            default -> Optional.empty();
        };
    }

    private static Optional<KeyCondition> keyEquals(Column column, Expression other, Expression term, List<TableRef> refs) {
        Optional<List<Expression>> values = isLiteral(other) ? Optional.of(List.of(other)) : anyOf(other);
        return values.flatMap(v -> ShardKeyColumns.tableOfMergedKey(column, refs).map(table -> new KeyCondition(table, v, term.toString())));
    }

    /** {@code ANY(ARRAY[1, 2])}, or {@code ANY('{1,2}')} with plain elements (no quotes, escapes or NULL). */
    private static Optional<List<Expression>> anyOf(Expression expression) {
        if (!(expression instanceof Function function) || !"any".equalsIgnoreCase(function.getName()) || function.getParameters() == null
                || function.getParameters().size() != 1) {
            return Optional.empty();
        }
        return switch (function.getParameters().get(0)) {
            case ArrayConstructor array when array.getExpressions() != null -> literals(array.getExpressions());
            case StringValue text when text.getPrefix() == null && text.getValue().matches("\\{[^\"\\\\{}]*}") -> {
                String inner = text.getValue().substring(1, text.getValue().length() - 1);
                List<Expression> values = new ArrayList<>();
                for (String element : inner.isEmpty() ? new String[0] : inner.split(",", -1)) {
                    if (element.isBlank() || element.strip().equalsIgnoreCase("null")) {
                        yield Optional.empty();
                    }
                    values.add(new StringValue(element.strip()));
                }
                yield Optional.of(values);
            }
            default -> Optional.empty();
        };
    }

    private static Optional<List<Expression>> literals(List<? extends Expression> list) {
        if (list.isEmpty() || !list.stream().allMatch(ShardKeyConditions::isLiteral)) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(list));
    }

    private static boolean isLiteral(Expression expression) {
        return expression instanceof LongValue || expression instanceof StringValue text && text.getPrefix() == null
                || expression instanceof SignedExpression signed && signed.getSign() == '-' && signed.getExpression() instanceof LongValue;
    }
}
