package org.reshard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Plans a SELECT without aggregates: each shard runs it with explicit NULL placement, the ORDER BY
 * values it does not select appended as hidden columns, and LIMIT offset+count instead of LIMIT/OFFSET.
 */
final class RowPlanner {

    private static final String HIDDEN_PREFIX = "__reshard_sort_";

    private RowPlanner() {
    }

    static QueryPlan.Rows plan(PlainSelect select, Optional<Page> page) {
        List<SelectItem<?>> items = new ArrayList<>(select.getSelectItems());
        boolean star = SelectClauses.selectsAllColumns(items);
        boolean distinct = select.getDistinct() != null;
        List<SortKey> keys = new ArrayList<>();
        List<OrderByElement> shardOrder = new ArrayList<>();
        List<SelectItem<?>> hidden = new ArrayList<>();
        for (OrderByElement element : orderBy(select)) {
            Expression term = element.getExpression();
            ConstructScanner.check(term, true);
            Optional<Integer> item = SelectClauses.itemReference(term, items);
            int column;
            if (item.isPresent() && (!star || term instanceof LongValue)) {
                column = item.get();
            } else {
                if (distinct) {
                    throw new Refusal(QueryErrors.unsupported("ORDER BY " + term + " in a SELECT DISTINCT",
                            "the rows are compared on the selected columns only", "select the ORDER BY expression too"));
                }
                Expression value = item.map(i -> (Expression) items.get(i).getExpression()).orElse(term);
                SelectItem<Expression> extra = new SelectItem<>(value);
                extra.setAlias(new Alias(HIDDEN_PREFIX + (hidden.size() + 1)));
                hidden.add(extra);
                column = -hidden.size();
            }
            keys.add(new SortKey(column, element.isAsc(), SelectClauses.nullsFirst(element)));
            shardOrder.add(SelectClauses.explicit(element, term));
        }
        RowWindow window = SelectClauses.window(select).page(page);

        items.addAll(hidden);
        select.setSelectItems(items);
        select.setOrderByElements(shardOrder.isEmpty() ? null : shardOrder);
        limit(select, window.perShardLimit());
        return new QueryPlan.Rows(select.toString(), keys, distinct, hidden.size(), window);
    }

    /** Each shard returns its first offset+count rows; the offset is applied once, after the merge. */
    static void limit(PlainSelect select, OptionalLong perShard) {
        select.setOffset(null);
        if (perShard.isEmpty()) {
            select.setLimit(null);
            return;
        }
        Limit limit = new Limit();
        limit.setRowCount(new LongValue(perShard.getAsLong()));
        select.setLimit(limit);
    }

    private static List<OrderByElement> orderBy(PlainSelect select) {
        return select.getOrderByElements() == null ? List.of() : select.getOrderByElements();
    }
}
