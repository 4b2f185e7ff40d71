package org.reshard.query;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/** Reading the clauses of a SELECT the planners share: LIMIT/OFFSET, NULL placement, aliases and positions. */
final class SelectClauses {

    private SelectClauses() {
    }

    /** LIMIT and OFFSET (PostgreSQL's or SQLite's {@code LIMIT offset, count}) as a window. */
    static RowWindow window(PlainSelect select) {
        Limit limit = select.getLimit();
        OptionalLong count = OptionalLong.empty();
        long offset = 0;
        if (limit != null) {
            if (limit.getRowCount() != null && !limit.isLimitAll() && !limit.isLimitNull() && !(limit.getRowCount() instanceof NullValue)) {
                count = OptionalLong.of(literal(limit.getRowCount(), "LIMIT"));
            }
            if (limit.getOffset() != null) {
                offset = literal(limit.getOffset(), "OFFSET");
            }
        }
        if (select.getOffset() != null) {
            offset = literal(select.getOffset().getOffset(), "OFFSET");
        }
        return new RowWindow(offset, count);
    }

    private static long literal(Expression expression, String clause) {
        if (expression instanceof LongValue value && value.getValue() >= 0) {
            return value.getValue();
        }
        throw new Refusal(QueryErrors.unsupported(clause + " " + expression, "each shard must be asked for a known number of rows",
                "write " + clause + " as a non-negative integer"));
    }

    /** The NULL placement of an ORDER BY term, PostgreSQL's default made explicit. */
    static boolean nullsFirst(OrderByElement element) {
        return switch (element.getNullOrdering()) {
            case null -> SortKey.defaultNullsFirst(element.isAsc());
            case NULLS_FIRST -> true;
            case NULLS_LAST -> false;
        };
    }

    /** The same term with its NULL placement written out, because SQLite's default (NULLs first ascending) differs. */
    static OrderByElement explicit(OrderByElement element, Expression expression) {
        OrderByElement copy = new OrderByElement();
        copy.setExpression(expression);
        copy.setAsc(element.isAsc());
        copy.setAscDescPresent(true);
        copy.setNullOrdering(nullsFirst(element) ? OrderByElement.NullOrdering.NULLS_FIRST : OrderByElement.NullOrdering.NULLS_LAST);
        return copy;
    }

    /** The select item an ORDER BY or GROUP BY term names by position or alias. */
    static Optional<Integer> itemReference(Expression term, List<SelectItem<?>> items) {
        if (term instanceof LongValue position) {
            long index = position.getValue() - 1;
            if (index < 0 || index >= items.size()) {
                throw new Refusal(QueryErrors.unsupported("position " + position.getValue(), "the select list has "
                        + items.size() + " items", "use a position between 1 and " + items.size()));
            }
            return Optional.of((int) index);
        }
        if (term instanceof Column column && column.getTable() == null) {
            for (int i = 0; i < items.size(); i++) {
                SelectItem<?> item = items.get(i);
                if (item.getAlias() != null && item.getAlias().getName().equalsIgnoreCase(column.getColumnName())) {
                    return Optional.of(i);
                }
            }
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).getExpression().toString().equals(term.toString())) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    static boolean selectsAllColumns(List<SelectItem<?>> items) {
        return items.stream().anyMatch(i -> i.getExpression() instanceof AllColumns);
    }
}
