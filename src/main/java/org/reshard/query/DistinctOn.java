package org.reshard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * PostgreSQL's {@code SELECT DISTINCT ON (keys) … ORDER BY …}, which Calcite cannot parse, as the same SELECT with
 * {@code QUALIFY row_number() OVER (PARTITION BY keys ORDER BY …) = 1}: the first row of each key in the statement's
 * order, as PostgreSQL keeps it. Keys and ORDER BY items that name an output column (by position or alias) are read as
 * that column's expression, as PostgreSQL reads them. Every SELECT of the statement is rewritten, nested ones too.
 */
final class DistinctOn {

    private DistinctOn() {
    }

    /** The statement with every DISTINCT ON rewritten (in derived tables, CTEs and subqueries too), or unchanged when it has none. */
    static String rewrite(String sql) {
        if (!sql.toLowerCase(java.util.Locale.ROOT).matches("(?s).*\\bdistinct\\s+on\\b.*")) {
            return sql;
        }
        try {
            Statement statement = CCJSqlParserUtil.parse(sql);
            List<PlainSelect> selects = new ArrayList<>();
            if (statement instanceof PlainSelect outermost) {
                selects.add(outermost);
            }
            try {
                // TablesNamesFinder walks every SELECT of the statement: FROM, joins, WITH, set operations, subqueries.
                new TablesNamesFinder<Void>() {
                    @Override
                    public <S> Void visit(PlainSelect select, S context) {
                        if (!selects.contains(select)) {
                            selects.add(select);
                        }
                        return super.visit(select, context);
                    }
                }.getTables(statement);
            } catch (UnsupportedOperationException e) {
                // A construct it does not walk: the SELECTs found so far are rewritten.
            }
            boolean changed = false;
            for (PlainSelect select : selects) {
                changed |= rewrite(select);
            }
            return changed ? statement.toString() : sql;
        } catch (JSQLParserException e) {
            return sql;
        }
    }

    /** One SELECT's DISTINCT ON as a QUALIFY; false when it has none. */
    private static boolean rewrite(PlainSelect select) throws JSQLParserException {
        if (select.getDistinct() == null || select.getDistinct().getOnSelectItems() == null || select.getQualify() != null) {
            return false;
        }
        List<SelectItem<?>> items = select.getSelectItems();
        String keys = select.getDistinct().getOnSelectItems().stream().map(k -> output(k.getExpression(), items).toString())
                .collect(Collectors.joining(", "));
        List<String> order = new ArrayList<>();
        if (select.getOrderByElements() != null) {
            for (OrderByElement element : select.getOrderByElements()) {
                OrderByElement copy = new OrderByElement();
                copy.setExpression(output(element.getExpression(), items));
                copy.setAsc(element.isAsc());
                copy.setAscDescPresent(element.isAscDescPresent());
                copy.setNullOrdering(element.getNullOrdering());
                order.add(copy.toString());
            }
        }
        select.setDistinct(null);
        select.setQualify(CCJSqlParserUtil.parseCondExpression("row_number() OVER (PARTITION BY " + keys
                + (order.isEmpty() ? "" : " ORDER BY " + String.join(", ", order)) + ") = 1"));
        return true;
    }

    /** An ordinal or a bare output-column alias as that column's expression; anything else as written. */
    private static Expression output(Expression expression, List<SelectItem<?>> items) {
        if (expression instanceof LongValue ordinal && ordinal.getValue() >= 1 && ordinal.getValue() <= items.size()) {
            return items.get((int) ordinal.getValue() - 1).getExpression();
        }
        if (expression instanceof Column column && column.getTable() == null) {
            for (SelectItem<?> item : items) {
                if (item.getAlias() != null && item.getAlias().getName().replace("\"", "").equalsIgnoreCase(column.getColumnName())) {
                    return item.getExpression();
                }
            }
        }
        return expression;
    }
}
