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

/**
 * PostgreSQL's {@code SELECT DISTINCT ON (keys) … ORDER BY …}, which Calcite cannot parse, as the same SELECT with
 * {@code QUALIFY row_number() OVER (PARTITION BY keys ORDER BY …) = 1}: the first row of each key in the statement's
 * order, as PostgreSQL keeps it. Keys and ORDER BY items that name an output column (by position or alias) are read as
 * that column's expression, as PostgreSQL reads them. Only the outermost SELECT is rewritten.
 */
final class DistinctOn {

    private DistinctOn() {
    }

    /** The statement with its DISTINCT ON rewritten, or unchanged when it has none (or JSqlParser cannot read it). */
    static String rewrite(String sql) {
        if (!sql.toLowerCase(java.util.Locale.ROOT).matches("(?s).*\\bdistinct\\s+on\\b.*")) {
            return sql;
        }
        try {
            Statement statement = CCJSqlParserUtil.parse(sql);
            if (!(statement instanceof PlainSelect select) || select.getDistinct() == null || select.getDistinct().getOnSelectItems() == null
                    || select.getQualify() != null) {
                return sql;
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
            return select.toString();
        } catch (JSQLParserException e) {
            return sql;
        }
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
