package org.reshard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnalyticType;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Walks an expression and refuses what cannot be merged exactly: window functions, FILTER clauses,
 * subqueries, parameters, refused aggregates, aggregates nested in aggregates, and — where rows are
 * ordered or grouped by it — values that differ per shard such as random() or now().
 */
final class ConstructScanner extends ExpressionVisitorAdapter<Void> {

    private final boolean orderingOrGrouping;
    private final List<Column> columns = new ArrayList<>();
    private int aggregateDepth;

    private ConstructScanner(boolean orderingOrGrouping) {
        this.orderingOrGrouping = orderingOrGrouping;
    }

    /** Refuses what the expression must not contain; {@code orderingOrGrouping} for ORDER BY and GROUP BY terms. */
    static void check(Expression expression, boolean orderingOrGrouping) {
        expression.accept(new ConstructScanner(orderingOrGrouping), null);
    }

    /** The column references in an expression. */
    static List<Column> columns(Expression expression) {
        ConstructScanner scanner = new ConstructScanner(false);
        expression.accept(scanner, null);
        return List.copyOf(scanner.columns);
    }

    /** True when the expression calls an aggregate anywhere. */
    static boolean containsAggregate(Expression expression) {
        boolean[] found = {false};
        expression.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Function function, S context) {
                found[0] |= AggregateFunctions.isAggregate(function);
                return super.visit(function, context);
            }
        }, null);
        return found[0];
    }

    @Override
    public <S> Void visit(Function function, S context) {
        String name = AggregateFunctions.name(function);
        if (AggregateFunctions.REFUSED.contains(name)) {
            throw refusedAggregate(name);
        }
        if (orderingOrGrouping && AggregateFunctions.NONDETERMINISTIC.contains(name)) {
            throw nondeterministic(name + "()");
        }
        boolean aggregate = AggregateFunctions.isAggregate(function);
        if (aggregate && aggregateDepth > 0) {
            throw new Refusal(QueryErrors.unsupported("the nested aggregate " + function,
                    "an aggregate inside an aggregate is not valid SQL", "compute the inner aggregate in a separate query"));
        }
        aggregateDepth += aggregate ? 1 : 0;
        super.visit(function, context);
        aggregateDepth -= aggregate ? 1 : 0;
        return null;
    }

    @Override
    public <S> Void visit(MySQLGroupConcat expression, S context) {
        throw refusedAggregate("group_concat");
    }

    @Override
    public <S> Void visit(AnalyticExpression expression, S context) {
        boolean filterOnly = expression.getType() == AnalyticType.FILTER_ONLY;
        String what = filterOnly ? "the FILTER clause in " + expression : "the window function " + expression;
        throw new Refusal(QueryErrors.unsupported(what,
                filterOnly ? "reshard merges plain COUNT, SUM, MIN, MAX and AVG only"
                        : "a window spans rows on other shards, which each shard cannot see",
                filterOnly ? "move the condition into a CASE inside the aggregate, e.g. sum(CASE WHEN … THEN 1 ELSE 0 END)"
                        : "drop the OVER clause, or use --raw for per-shard rows"));
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        throw subquery(select);
    }

    @Override
    public <S> Void visit(Select select, S context) {
        throw subquery(select);
    }

    @Override
    public <S> Void visit(JdbcParameter parameter, S context) {
        throw parameter();
    }

    @Override
    public <S> Void visit(JdbcNamedParameter parameter, S context) {
        throw parameter();
    }

    @Override
    public <S> Void visit(TimeKeyExpression expression, S context) {
        if (orderingOrGrouping) {
            throw nondeterministic(expression.getStringValue().toLowerCase(Locale.ROOT));
        }
        return null;
    }

    @Override
    public <S> Void visit(Column column, S context) {
        columns.add(column);
        return null;
    }

    private static Refusal refusedAggregate(String name) {
        return new Refusal(QueryErrors.unsupported("the aggregate " + name + "()",
                "its per-shard results cannot be combined into the single-database answer",
                "use COUNT, SUM, MIN, MAX or AVG, or --raw for per-shard rows"));
    }

    private static Refusal subquery(Select select) {
        return new Refusal(QueryErrors.unsupported("the subquery (" + select + ")",
                "each shard would evaluate it against its own rows only",
                "run the inner query separately and paste its values, or use --raw for per-shard rows"));
    }

    private static Refusal parameter() {
        return new Refusal(QueryErrors.unsupported("a ? parameter", "there is nothing to bind it to", "write the value into the SQL"));
    }

    private static Refusal nondeterministic(String function) {
        return new Refusal(QueryErrors.unsupported("ordering or grouping by " + function,
                "its value differs per shard and per call", "order or group by stored columns"));
    }
}
