package org.reshard.query;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.statement.select.AllColumns;

/** Which function calls are aggregates the merge handles, which it refuses, and which differ per shard. */
final class AggregateFunctions {

    /** Aggregates whose per-shard results cannot be combined into the exact answer. */
    static final Set<String> REFUSED = Set.of("string_agg", "array_agg", "json_agg", "jsonb_agg", "json_object_agg",
            "jsonb_object_agg", "group_concat", "json_group_array", "json_group_object", "percentile_cont", "percentile_disc",
            "mode", "median", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "bool_and", "bool_or",
            "every", "bit_and", "bit_or", "bit_xor", "xmlagg", "total", "corr", "covar_pop", "covar_samp", "regr_slope",
            "regr_intercept", "regr_count", "regr_r2", "regr_avgx", "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy",
            "any_value", "range_agg", "range_intersect_agg");

    /** Functions whose value differs per shard and per call, so rows ordered or grouped by them cannot be merged. */
    static final Set<String> NONDETERMINISTIC = Set.of("random", "rand", "now", "clock_timestamp", "statement_timestamp",
            "transaction_timestamp", "timeofday", "gen_random_uuid", "uuid_generate_v4", "randomblob", "setseed", "nextval");

    private AggregateFunctions() {
    }

    /** The aggregate a call is, when the merge handles it: COUNT, SUM, AVG, and MIN/MAX of one argument. */
    static Optional<AggregateCall.Kind> kind(Function function) {
        String name = name(function);
        int arguments = arguments(function).size();
        return switch (name) {
            case "count" -> Optional.of(AggregateCall.Kind.COUNT);
            case "sum" -> Optional.of(AggregateCall.Kind.SUM);
            case "avg" -> Optional.of(AggregateCall.Kind.AVG);
            // SQLite's min(a, b) and max(a, b) with several arguments are scalar functions.
            case "min" -> arguments == 1 ? Optional.of(AggregateCall.Kind.MIN) : Optional.empty();
            case "max" -> arguments == 1 ? Optional.of(AggregateCall.Kind.MAX) : Optional.empty();
            default -> Optional.empty();
        };
    }

    static boolean isAggregate(Expression expression) {
        return expression instanceof Function f && (kind(f).isPresent() || REFUSED.contains(name(f)));
    }

    static String name(Function function) {
        return function.getName() == null ? "" : function.getName().toLowerCase(Locale.ROOT);
    }

    /** The call's arguments; {@code count(*)} has none. */
    static List<Expression> arguments(Function function) {
        if (function.isAllColumns() || function.getParameters() == null) {
            return List.of();
        }
        List<Expression> arguments = function.getParameters().stream().map(e -> (Expression) e).toList();
        return arguments.size() == 1 && arguments.getFirst() instanceof AllColumns ? List.of() : arguments;
    }
}
