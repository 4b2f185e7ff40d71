package org.reshard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import org.reshard.query.AggregateLayout.OrderTerm;
import org.reshard.query.AggregateLayout.OutputColumn;

/**
 * Plans a SELECT with aggregates or GROUP BY: each shard groups by the group keys (and the arguments of
 * DISTINCT aggregates) and returns partial aggregates; the merge folds them per group and computes the
 * rest. ORDER BY, HAVING, DISTINCT and the window apply after the merge, so shards get no LIMIT.
 */
final class AggregatePlanner {

    private AggregatePlanner() {
    }

    static QueryPlan.Aggregate plan(PlainSelect select, Semantics semantics, Optional<Page> page) {
        List<SelectItem<?>> items = select.getSelectItems();
        if (SelectClauses.selectsAllColumns(items)) {
            throw new Refusal(QueryErrors.unsupported("SELECT * with aggregates", "the merge needs to know every output column",
                    "list the columns"));
        }
        GroupByElement groupBy = select.getGroupBy();
        List<Expression> keys = groupKeys(groupBy, items);
        OutputCompiler compiler = new OutputCompiler(keys, semantics);
        for (SelectItem<?> item : items) {
            if (item.getAlias() != null) {
                compiler.alias(item.getUnquotedAliasName(), item.getExpression());
            }
        }
        List<OutputColumn> outputs = new ArrayList<>();
        for (SelectItem<?> item : items) {
            ConstructScanner.check(item.getExpression(), false);
            outputs.add(new OutputColumn(outputName(item, semantics), compiler.compile(item.getExpression())));
        }
        Optional<OutputExpression> having = Optional.ofNullable(select.getHaving()).map(condition -> {
            ConstructScanner.check(condition, false);
            return compiler.compile(condition);
        });
        List<OrderTerm> order = new ArrayList<>();
        for (OrderByElement element : select.getOrderByElements() == null ? List.<OrderByElement>of() : select.getOrderByElements()) {
            ConstructScanner.check(element.getExpression(), true);
            OutputExpression term = SelectClauses.itemReference(element.getExpression(), items)
                    .map(i -> outputs.get(i).expression())
                    .orElseGet(() -> compiler.compile(element.getExpression()));
            order.add(new OrderTerm(term, element.isAsc(), SelectClauses.nullsFirst(element)));
        }
        RowWindow window = SelectClauses.window(select).page(page);
        AggregateLayout layout = new AggregateLayout(compiler.keyCount(), Math.max(1, compiler.slotSql().size()), compiler.aggregates(), outputs, having, order,
                select.getDistinct() != null, groupBy != null);
        return new QueryPlan.Aggregate(shardSql(select, compiler), layout, window);
    }

    private static List<Expression> groupKeys(GroupByElement groupBy, List<SelectItem<?>> items) {
        if (groupBy == null) {
            return List.of();
        }
        if (groupBy.getGroupingSets() != null && !groupBy.getGroupingSets().isEmpty() || groupBy.isMysqlWithRollup()) {
            throw new Refusal(QueryErrors.unsupported("GROUPING SETS / ROLLUP / CUBE", "reshard merges plain GROUP BY lists",
                    "run one GROUP BY per grouping"));
        }
        List<Expression> keys = new ArrayList<>();
        for (Object element : groupBy.getGroupByExpressionList()) {
            Expression term = (Expression) element;
            if (term instanceof Function f && List.of("rollup", "cube", "grouping sets").contains(AggregateFunctions.name(f))) {
                throw new Refusal(QueryErrors.unsupported("GROUP BY " + term, "reshard merges plain GROUP BY lists",
                        "run one GROUP BY per grouping"));
            }
            ConstructScanner.check(term, true);
            boolean byReference = term instanceof LongValue || term instanceof Column c && c.getTable() == null;
            Expression key = byReference
                    ? SelectClauses.itemReference(term, items).map(i -> (Expression) items.get(i).getExpression()).orElse(term)
                    : term;
            if (ConstructScanner.containsAggregate(key)) {
                throw new Refusal(QueryErrors.unsupported("GROUP BY " + term, "it refers to an aggregate", "group by columns"));
            }
            keys.add(key);
        }
        return keys;
    }

    /** The shards' statement: the slots, grouped by position, with the original FROM and WHERE. */
    private static String shardSql(PlainSelect select, OutputCompiler compiler) {
        List<String> slots = compiler.slotSql().isEmpty() ? List.of("count(*)") : compiler.slotSql();
        List<SelectItem<?>> items = new ArrayList<>();
        for (String slot : slots) {
            items.add(new SelectItem<>(parse(slot)));
        }
        select.setSelectItems(items);
        List<Integer> positions = compiler.groupPositions();
        if (positions.isEmpty()) {
            select.setGroupByElement(null);
        } else {
            GroupByElement groupBy = new GroupByElement();
            positions.forEach(p -> groupBy.addGroupByExpression(new LongValue(p)));
            select.setGroupByElement(groupBy);
        }
        select.setHaving(null);
        select.setOrderByElements(null);
        select.setDistinct(null);
        RowPlanner.limit(select, OptionalLong.empty());
        return select.toString();
    }

    private static Expression parse(String sql) {
        try {
            return CCJSqlParserUtil.parseExpression(sql);
        } catch (JSQLParserException e) {
            throw new IllegalStateException("reshard produced an expression it cannot parse: " + sql, e);
        }
    }

    /** The column name the database would give: the alias, a column's name, PostgreSQL's function name or "?column?", SQLite's text. */
    static String outputName(SelectItem<?> item, Semantics semantics) {
        if (item.getAlias() != null) {
            return item.getUnquotedAliasName();
        }
        Expression expression = item.getExpression();
        if (expression instanceof Column column) {
            return OutputCompiler.columnName(column);
        }
        return semantics == Semantics.SQLITE ? expression.toString() : postgresName(expression);
    }

    private static String postgresName(Expression expression) {
        return switch (expression) {
            case Column column -> OutputCompiler.columnName(column);
            case Function function -> AggregateFunctions.name(function);
            case CastExpression cast when cast.getLeftExpression() instanceof Column || cast.getLeftExpression() instanceof Function ->
                    postgresName(cast.getLeftExpression());
            case CaseExpression c -> "case";
            default -> "?column?";
        };
    }
}
