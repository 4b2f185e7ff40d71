package org.reshard.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import org.reshard.query.OutputExpression.Arithmetic;
import org.reshard.query.SqlArithmetic.Operator;

/**
 * Compiles the select list, HAVING and ORDER BY of an aggregate statement into {@link OutputExpression}s
 * and, on the way, the columns each shard must return: the group keys first, then per-group expressions
 * of the keys (computed by the shards, so any SQL function works there), the DISTINCT arguments and the
 * partial aggregates (AVG becomes SUM and COUNT).
 */
final class OutputCompiler {

    private static final String SUPPORTED = "around aggregates the merge computes + - * / %, ||, comparisons, AND/OR/NOT,"
            + " IS NULL, BETWEEN, IN (…), CASE, ROUND, ABS, COALESCE, NULLIF, GREATEST, LEAST and CAST to a number or text"
            + " — rewrite the expression with these, or compute it from the result";

    private final Semantics semantics;
    private final List<String> slotSql = new ArrayList<>();
    private final Map<String, Integer> slots = new HashMap<>();
    private final Set<Integer> groupSlots = new LinkedHashSet<>();
    private final Set<String> groupedColumns = new LinkedHashSet<>();
    private final Set<Integer> columnSlots = new HashSet<>();
    private final List<AggregateCall> aggregates = new ArrayList<>();
    private final Map<String, Integer> aggregateIndex = new HashMap<>();
    private final Map<String, Expression> aliases = new HashMap<>();
    private final int keyCount;

    OutputCompiler(List<Expression> groupKeys, Semantics semantics) {
        this.semantics = semantics;
        for (Expression key : groupKeys) {
            int keySlot = slot(key.toString());
            groupSlots.add(keySlot);
            if (key instanceof Column) {
                columnSlots.add(keySlot);
            }
            ConstructScanner.columns(key).forEach(c -> groupedColumns.add(columnName(c)));
        }
        this.keyCount = slotSql.size();
    }

    int keyCount() {
        return keyCount;
    }

    /** The expressions each shard selects, in slot order. */
    List<String> slotSql() {
        return List.copyOf(slotSql);
    }

    /** The 1-based positions of the per-shard GROUP BY: the group keys and the DISTINCT arguments. */
    List<Integer> groupPositions() {
        return groupSlots.stream().map(i -> i + 1).toList();
    }

    List<AggregateCall> aggregates() {
        return List.copyOf(aggregates);
    }

    /** Lets HAVING and ORDER BY name an output column by its alias, as SQLite (and PostgreSQL's ORDER BY) allow. */
    void alias(String name, Expression expression) {
        aliases.putIfAbsent(name.toLowerCase(Locale.ROOT), expression);
    }

    OutputExpression compile(Expression expression) {
        Integer key = slots.get(expression.toString());
        if (key != null && key < keyCount) {
            return new OutputExpression.Slot(key, columnSlots.contains(key));
        }
        if (expression instanceof Column column && !groupedColumns.contains(columnName(column))
                && aliases.containsKey(columnName(column))) {
            return compile(aliases.get(columnName(column)));
        }
        if (expression instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            return compile(list.getFirst());
        }
        if (expression instanceof Function function && AggregateFunctions.kind(function).isPresent()) {
            return new OutputExpression.Aggregate(aggregate(function));
        }
        if (!ConstructScanner.containsAggregate(expression)) {
            return literal(expression).orElseGet(() -> carried(expression));
        }
        return structural(expression);
    }

    private Optional<OutputExpression> literal(Expression expression) {
        return Optional.ofNullable(switch (expression) {
            case LongValue v -> new OutputExpression.Literal(v.getValue());
            case DoubleValue v -> new OutputExpression.Literal(semantics == Semantics.SQLITE ? (Object) v.getValue() : decimal(v.toString()));
            case StringValue v -> new OutputExpression.Untyped(v.getValue());
            case NullValue v -> new OutputExpression.Literal(null);
            case BooleanValue v -> new OutputExpression.Literal(v.getValue());
            default -> null;
        });
    }

    /** A value computed per group by the shards; it may only use grouped columns, or each shard would pick its own. */
    private OutputExpression carried(Expression expression) {
        for (Column column : ConstructScanner.columns(expression)) {
            if (!groupedColumns.contains(columnName(column))) {
                throw new Refusal(QueryErrors.unsupported("the column " + column,
                        "it is neither grouped nor aggregated, so each shard would return a value of its own",
                        "add it to GROUP BY or wrap it in an aggregate"));
            }
        }
        return new OutputExpression.Slot(slot(expression.toString()), expression instanceof Column);
    }

    private OutputExpression structural(Expression expression) {
        return switch (expression) {
            case Addition e -> arithmetic(Operator.ADD, e.getLeftExpression(), e.getRightExpression());
            case Subtraction e -> arithmetic(Operator.SUBTRACT, e.getLeftExpression(), e.getRightExpression());
            case Multiplication e -> arithmetic(Operator.MULTIPLY, e.getLeftExpression(), e.getRightExpression());
            case Division e -> arithmetic(Operator.DIVIDE, e.getLeftExpression(), e.getRightExpression());
            case Modulo e -> arithmetic(Operator.MODULO, e.getLeftExpression(), e.getRightExpression());
            case Concat e -> new OutputExpression.Concatenation(compile(e.getLeftExpression()), compile(e.getRightExpression()));
            case SignedExpression e when e.getSign() == '-' -> new OutputExpression.Negation(compile(e.getExpression()));
            case SignedExpression e when e.getSign() == '+' -> compile(e.getExpression());
            case ComparisonOperator e -> new OutputExpression.Comparison(e.getStringExpression(),
                    compile(e.getLeftExpression()), compile(e.getRightExpression()));
            case AndExpression e -> new OutputExpression.Logical(true, compile(e.getLeftExpression()), compile(e.getRightExpression()));
            case OrExpression e -> new OutputExpression.Logical(false, compile(e.getLeftExpression()), compile(e.getRightExpression()));
            case NotExpression e -> new OutputExpression.Not(compile(e.getExpression()));
            case IsNullExpression e -> new OutputExpression.NullTest(compile(e.getLeftExpression()), e.isNot());
            case Between e -> between(e);
            case InExpression e when e.getRightExpression() instanceof ExpressionList<?> list && !e.isGlobal() -> in(e, list);
            case CaseExpression e -> caseOf(e);
            case Function e -> function(e);
            case CastExpression e -> cast(e);
            default -> throw unsupported(expression, expression.getClass().getSimpleName());
        };
    }

    private OutputExpression arithmetic(Operator operator, Expression left, Expression right) {
        return new Arithmetic(operator, compile(left), compile(right));
    }

    private OutputExpression between(Between e) {
        OutputExpression value = compile(e.getLeftExpression());
        OutputExpression range = new OutputExpression.Logical(true,
                new OutputExpression.Comparison(">=", value, compile(e.getBetweenExpressionStart())),
                new OutputExpression.Comparison("<=", value, compile(e.getBetweenExpressionEnd())));
        return e.isNot() ? new OutputExpression.Not(range) : range;
    }

    private OutputExpression in(InExpression e, ExpressionList<?> list) {
        OutputExpression value = compile(e.getLeftExpression());
        OutputExpression any = new OutputExpression.Literal(Boolean.FALSE);
        for (Expression item : list) {
            any = new OutputExpression.Logical(false, any, new OutputExpression.Comparison("=", value, compile(item)));
        }
        return e.isNot() ? new OutputExpression.Not(any) : any;
    }

    private OutputExpression caseOf(CaseExpression e) {
        List<OutputExpression> conditions = new ArrayList<>();
        List<OutputExpression> results = new ArrayList<>();
        OutputExpression subject = e.getSwitchExpression() == null ? null : compile(e.getSwitchExpression());
        for (WhenClause when : e.getWhenClauses()) {
            OutputExpression condition = compile(when.getWhenExpression());
            conditions.add(subject == null ? condition : new OutputExpression.Comparison("=", subject, condition));
            results.add(compile(when.getThenExpression()));
        }
        OutputExpression otherwise = e.getElseExpression() == null ? null : compile(e.getElseExpression());
        return new OutputExpression.Case(conditions, results, otherwise);
    }

    private OutputExpression function(Function e) {
        ScalarFunctions.Builtin builtin = ScalarFunctions.Builtin.named(AggregateFunctions.name(e))
                .orElseThrow(() -> unsupported(e, "the function " + AggregateFunctions.name(e) + "()"));
        List<Expression> arguments = AggregateFunctions.arguments(e);
        int min = switch (builtin) {
            case ROUND, ABS, COALESCE, GREATEST, LEAST -> 1;
            case NULLIF -> 2;
        };
        int max = switch (builtin) {
            case ROUND, NULLIF -> 2;
            case ABS -> 1;
            case COALESCE, GREATEST, LEAST -> Integer.MAX_VALUE;
        };
        if (arguments.size() < min || arguments.size() > max) {
            throw unsupported(e, builtin.name().toLowerCase(Locale.ROOT) + "() with " + arguments.size() + " arguments");
        }
        return new OutputExpression.Call(builtin, arguments.stream().map(this::compile).toList());
    }

    private OutputExpression cast(CastExpression e) {
        var type = e.getColDataType();
        ScalarFunctions.CastTo cast = ScalarFunctions.CastTo.of(type.getDataType(), type.getArgumentsStringList())
                .orElseThrow(() -> unsupported(e, "a cast to " + type.getDataType()));
        return new OutputExpression.Call(cast, List.of(compile(e.getLeftExpression())));
    }

    private int aggregate(Function function) {
        String text = function.toString();
        Integer known = aggregateIndex.get(text);
        if (known != null) {
            return known;
        }
        AggregateCall.Kind kind = AggregateFunctions.kind(function).orElseThrow();
        List<Expression> arguments = AggregateFunctions.arguments(function);
        if (arguments.size() > 1 || (arguments.isEmpty() && kind != AggregateCall.Kind.COUNT)) {
            throw unsupported(function, kind.name().toLowerCase(Locale.ROOT) + "() with " + arguments.size() + " arguments");
        }
        String argument = arguments.isEmpty() ? "*" : arguments.getFirst().toString();
        String name = kind.name().toLowerCase(Locale.ROOT);
        boolean distinct = function.isDistinct() && !arguments.isEmpty();
        AggregateCall call;
        if (distinct && kind != AggregateCall.Kind.MIN && kind != AggregateCall.Kind.MAX) {
            int valueSlot = slot(argument);
            groupSlots.add(valueSlot);
            call = new AggregateCall(kind, true, valueSlot, -1);
        } else if (kind == AggregateCall.Kind.AVG) {
            call = new AggregateCall(kind, false, slot("sum(" + argument + ")"), slot("count(" + argument + ")"));
        } else {
            call = new AggregateCall(kind, false, slot(name + "(" + argument + ")"), -1);
        }
        aggregates.add(call);
        aggregateIndex.put(text, aggregates.size() - 1);
        return aggregates.size() - 1;
    }

    private int slot(String sql) {
        return slots.computeIfAbsent(sql, s -> {
            slotSql.add(s);
            return slotSql.size() - 1;
        });
    }

    private static BigDecimal decimal(String literal) {
        BigDecimal value = new BigDecimal(literal);
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    static String columnName(Column column) {
        String name = column.getColumnName();
        return name.startsWith("\"") ? name.substring(1, name.length() - 1) : name.toLowerCase(Locale.ROOT);
    }

    private static Refusal unsupported(Expression expression, String what) {
        return new Refusal(QueryErrors.unsupported("the expression " + expression,
                "it applies " + what + " to a merged aggregate", SUPPORTED));
    }
}
