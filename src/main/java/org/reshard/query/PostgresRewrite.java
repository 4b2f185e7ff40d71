package org.reshard.query;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.UnaryOperator;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.reshard.query.RewritePlan.FloatAvg;
import org.reshard.query.RewritePlan.FloatDivide;
import org.reshard.query.RewritePlan.NumericAvg;
import org.reshard.query.RewritePlan.NumericDivide;
import org.reshard.query.RewritePlan.NullableArrayAgg;
import org.reshard.query.RewritePlan.NumericSum;
import org.reshard.query.RewritePlan.Refuse;
import org.reshard.query.RewritePlan.Variance;

/**
 * Rewrites a federated statement so that Calcite computes what PostgreSQL computes where Calcite's own operators
 * would not: AVG, division of numerics, SUM of a bigint, the variance family and percentile_cont. A copy of the
 * statement is validated first, for the types of the arguments; the rewrite then works on the statement as parsed.
 * What it does not recognise stays as it was, for {@link ExactnessCheck} to refuse.
 */
final class PostgresRewrite {

    /**
     * The statement being prepared on this thread: the connection to read types from, whose rules apply, its
     * timestamp columns, and the session's time zone and statement time for PostgreSQL's date/time functions.
     */
    private record Context(CalciteConnection connection, String sql, Semantics semantics, DateTimeColumns timestamps, ZoneId zone,
                           Instant now) {
    }

    /** The decisions of one statement's validation: PostgreSQL's arithmetic by call, and its date/time plans. */
    private record Plans(Map<SqlParserPos, RewritePlan> calls, DateTimePlanner.Plans dateTimes) {
    }

    private static final ThreadLocal<Context> CONTEXT = new ThreadLocal<>();
    private static final ThreadLocal<List<DateTimeKind>> RESULT_KINDS = new ThreadLocal<>();

    private PostgresRewrite() {
    }

    /** Runs {@code work} (which prepares {@code sql} on {@code connection}) with the rewrite active on this thread. */
    static <T> T during(CalciteConnection connection, String sql, Semantics semantics, DateTimeColumns timestamps, Callable<T> work)
            throws Exception {
        // The shards' sessions run in the JVM's time zone (pgjdbc sets it on connecting): the federated answer uses the same.
        CONTEXT.set(new Context(connection, sql, semantics, timestamps, ZoneId.systemDefault(), Instant.now()));
        try {
            return work.call();
        } finally {
            CONTEXT.remove();
            RESULT_KINDS.remove();
        }
    }

    /**
     * Which columns of the result being read on this thread are PostgreSQL dates or timestamps, which Calcite returns as
     * their bigints (null: neither); empty when none was planned.
     */
    static List<DateTimeKind> resultKinds() {
        List<DateTimeKind> kinds = RESULT_KINDS.get();
        return kinds == null ? List.of() : kinds;
    }

    /** The parsed statement, rewritten when a federated statement is being prepared on this thread. */
    static SqlNode apply(SqlNode parsed) {
        Context context = CONTEXT.get();
        if (context == null) {
            return parsed;
        }
        // Once per statement: Calcite may parse other text (views) on the same thread.
        CONTEXT.remove();
        Plans plans = plans(context);
        for (RewritePlan plan : plans.calls().values()) {
            if (plan instanceof Refuse refuse) {
                throw new FederationRefusal(refuse.reason());
            }
        }
        RESULT_KINDS.set(plans.dateTimes().resultKinds());
        GroupedCase.fix(parsed);
        JsonOperators.pushWhereClauses(parsed);
        SqlNode prepared = GroupingSetsExpansion.placeGrouping(DateTimeSyntax.prepare(parsed, context.semantics()));
        Rewriter rewriter = new Rewriter(plans.calls(), plans.dateTimes());
        rewriter.changed = prepared != parsed;
        SqlNode rewritten = prepared.accept(rewriter);
        // Calcite's validator is sensitive to copied clauses (GROUPING() in a copied select list fails): unchanged stays the same tree.
        return rewriter.changed ? rewritten : prepared;
    }

    /** Validates a second parse of the statement and decides, by position, which calls to rewrite. */
    private static Plans plans(Context context) {
        Map<SqlParserPos, RewritePlan> plans = new HashMap<>();
        SqlNode copy;
        try {
            copy = SqlParser.create(context.sql(), FederationCatalog.parserConfig()).parseStmt();
        } catch (Exception e) {
            // Calcite reports its own error when it parses the statement itself.
            return new Plans(Map.of(), DateTimePlanner.Plans.NONE);
        }
        GroupedCase.fix(copy);
        JsonOperators.pushWhereClauses(copy);
        SqlNode typed = DateArithmetic.typed(typedModes(DateTimeSyntax.prepare(copy, context.semantics())));
        SqlNode prepared = GroupingSetsExpansion.placeGrouping(typed);
        java.util.Set<SqlParserPos> explicitCasts = DateTimePlanner.castsIn(prepared);
        SqlValidator validator = validator(context.connection());
        SqlNode validated;
        try {
            validated = validator.validate(prepared);
            validated.accept(new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlCall call) {
                    RewritePlan plan = RewritePlan.of(call, validator, context.semantics());
                    if (plan != null) {
                        plans.put(call.getParserPosition(), plan);
                    }
                    return super.visit(call);
                }
            });
        } catch (Exception | AssertionError e) {
            if (prepared != copy || context.timestamps().mentionedIn(context.sql())) {
                // Calcite runs timestamps as bigint microseconds: a statement not typed as written could compute on them as numbers.
                throw new FederationRefusal("the federated engine cannot type the statement's use of timestamps: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("no reason given"));
            }
            // Calcite reports its own error when it prepares the statement unchanged.
            return new Plans(Map.of(), DateTimePlanner.Plans.NONE);
        }
        return new Plans(plans, DateTimePlanner.plan(validated, validator, explicitCasts, context.zone(), context.now()));
    }

    /** mode() of the ORDER BY key, typed as the key: Calcite's own MODE takes the value as its argument instead. */
    private static final org.apache.calcite.sql.SqlAggFunction TYPED_MODE = new org.apache.calcite.sql.SqlAggFunction("reshard_mode",
            null, SqlKind.MODE, org.apache.calcite.sql.type.ReturnTypes.ARG0_NULLABLE_IF_EMPTY, null,
            org.apache.calcite.sql.type.OperandTypes.ANY, SqlFunctionCategory.SYSTEM, false, false,
            org.apache.calcite.util.Optionality.FORBIDDEN) {
        @Override
        public org.apache.calcite.rel.type.RelDataType deriveType(SqlValidator validator, org.apache.calcite.sql.validate.SqlValidatorScope scope,
                                                                 SqlCall call) {
            return SelfTyped.derive(this, validator, scope, call);
        }
    };

    /** The validation copy with mode() WITHIN GROUP (ORDER BY x) as a mode of x, so its type is known. */
    private static SqlNode typedModes(SqlNode statement) {
        return statement.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call.getKind() == SqlKind.WITHIN_GROUP && call.operand(0) instanceof SqlCall f && f.getOperator().getName().equalsIgnoreCase("mode")
                        && f.operandCount() == 0 && call.operand(1) instanceof SqlNodeList order && order.size() == 1) {
                    SqlNode key = order.get(0);
                    while (key instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                            || c.getKind() == SqlKind.NULLS_LAST)) {
                        key = c.operand(0);
                    }
                    return TYPED_MODE.createCall(call.getParserPosition(), key.accept(this));
                }
                return super.visit(call);
            }
        });
    }

    private static SqlValidator validator(CalciteConnection connection) {
        // The declared tables with their timestamps typed as timestamps: the statement is validated as the user wrote it.
        CalciteCatalogReader reader = new CalciteCatalogReader(CalciteSchema.from(connection.getRootSchema()), List.of(FederationCatalog.TYPED_SCHEMA),
                connection.getTypeFactory(), connection.config());
        SqlOperatorTable library = SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(EnumSet.of(SqlLibrary.STANDARD,
                SqlLibrary.POSTGRESQL));
        return SqlValidatorUtil.newValidator(SqlOperatorTables.chain(library, reader), reader, connection.getTypeFactory(),
                SqlValidator.Config.DEFAULT.withConformance(connection.config().conformance())
                        .withDefaultNullCollation(connection.config().defaultNullCollation())
                        .withLenientOperatorLookup(connection.config().lenientOperatorLookup()).withIdentifierExpansion(true));
    }


    /** Applies the plans to the statement as parsed, keeping FILTER and OVER around every aggregate a rewrite makes. */
    private static final class Rewriter extends SqlShuttle {

        private final Map<SqlParserPos, RewritePlan> plans;
        private final DateTimePlanner.Plans dateTimes;
        private boolean changed;

        Rewriter(Map<SqlParserPos, RewritePlan> plans, DateTimePlanner.Plans dateTimes) {
            this.plans = plans;
            this.dateTimes = dateTimes;
        }

        @Override
        public SqlNode visit(SqlLiteral literal) {
            DateTimePlan plan = dateTimes.byPosition().get(literal.getParserPosition());
            if (!(plan instanceof DateTimePlan.Constant)) {
                return converted(literal, literal);
            }
            changed = true;
            return converted(literal, dateTime(plan, literal));
        }

        @Override
        public SqlNode visit(SqlIdentifier id) {
            return converted(id, id);
        }

        @Override
        public SqlNode visit(SqlCall call) {
            return converted(call, rewrite(call));
        }

        /** The node's value converted where it meets a date or timestamp of another kind. */
        private SqlNode converted(SqlNode original, SqlNode rewritten) {
            DateTimePlan.Conversion conversion = dateTimes.conversions().get(original.getParserPosition());
            if (conversion == null) {
                return rewritten;
            }
            changed = true;
            SqlParserPos pos = original.getParserPosition();
            return function(DateTimeSyntax.CONVERT_FUNCTION, pos, rewritten, SqlLiteral.createCharString(conversion.from().pgName(), pos),
                    SqlLiteral.createCharString(conversion.to().pgName(), pos), SqlLiteral.createCharString(dateTimes.zone(), pos));
        }

        private SqlNode rewrite(SqlCall call) {
            DateTimePlan dateTime = dateTimes.byPosition().get(call.getParserPosition());
            if (dateTime != null && (call.getKind() == SqlKind.CAST || call.getKind() == SqlKind.EXTRACT || call.getKind() == SqlKind.PLUS
                    || call.getKind() == SqlKind.MINUS
                    || call.getOperator() instanceof org.apache.calcite.sql.SqlFunction f
                    && (f.getName().startsWith("reshard_") || f.getName().equalsIgnoreCase("to_char")))) {
                changed = true;
                return dateTime(dateTime, call);
            }
            String name = call.getOperator().getName().toLowerCase(java.util.Locale.ROOT);
            if (java.util.Set.of("grouping_id", "group_id").contains(name)) {
                throw new FederationRefusal(name + "() is not PostgreSQL's; use GROUPING(…)");
            }
            if (call.getKind() == SqlKind.WITHIN_GROUP && call.operand(0) instanceof SqlCall aggregate
                    && aggregate.getOperator().getName().equalsIgnoreCase("array_agg") && aggregate.getFunctionQuantifier() != null) {
                throw new FederationRefusal("array_agg(DISTINCT … ORDER BY …) is not federated: Apache Calcite loses the order of the"
                        + " distinct values");
            }
            if (call.getKind() == SqlKind.WITHIN_GROUP) {
                SqlNode aggregate = orderedSetAggregate(call);
                if (aggregate == null && orderedSet(call)) {
                    throw new FederationRefusal(call.operand(0) instanceof SqlCall f ? f.getOperator().getName().toLowerCase(java.util.Locale.ROOT)
                            + "() WITHIN GROUP is not federated: of the ordered-set aggregates percentile_cont and percentile_disc (of one"
                            + " fraction, over one ORDER BY key) and mode() are" : "WITHIN GROUP");
                }
                if (aggregate != null) {
                    changed = true;
                    return aggregate;
                }
            }
            List<SqlCall> wrappers = new ArrayList<>();
            SqlCall inner = call;
            while ((inner.getKind() == SqlKind.FILTER || inner.getKind() == SqlKind.OVER) && inner.operand(0) instanceof SqlCall next) {
                wrappers.add(inner);
                inner = next;
            }
            RewritePlan plan = plans.get(inner.getParserPosition());
            if (plan == null || inner.getKind() == SqlKind.DIVIDE && !wrappers.isEmpty()) {
                return super.visit(call);
            }
            changed = true;
            List<SqlNode> operands = new ArrayList<>();
            for (SqlNode operand : inner.getOperandList()) {
                operands.add(operand == null ? null : operand.accept(this));
            }
            List<SqlCall> outer = new ArrayList<>();
            for (SqlCall wrapper : wrappers) {
                outer.add(wrapper);
            }
            SqlLiteral quantifier = inner.getFunctionQuantifier();
            SqlParserPos pos = inner.getParserPosition();
            UnaryOperator<SqlNode> wrap = aggregate -> {
                SqlNode wrapped = aggregate;
                for (int i = outer.size() - 1; i >= 0; i--) {
                    SqlCall w = outer.get(i);
                    List<SqlNode> rest = new ArrayList<>();
                    rest.add(wrapped);
                    for (int j = 1; j < w.operandCount(); j++) {
                        rest.add(w.operand(j) == null ? null : w.operand(j).accept(this));
                    }
                    wrapped = w.getOperator().createCall(w.getFunctionQuantifier(), w.getParserPosition(), rest.toArray(SqlNode[]::new));
                }
                return wrapped;
            };
            return switch (plan) {
                case NumericAvg avg -> function("reshard_pg_avg", pos,
                        wrap.apply(SqlStdOperatorTable.SUM.createCall(quantifier, pos, avg.integers() ? toNumeric(operands.get(0)) : operands.get(0))),
                        wrap.apply(SqlStdOperatorTable.COUNT.createCall(quantifier, pos, copy(operands.get(0)))));
                case FloatAvg ignored -> wrap.apply(SqlStdOperatorTable.AVG.createCall(quantifier, pos, toDouble(operands.get(0))));
                case NumericSum ignored -> wrap.apply(SqlStdOperatorTable.SUM.createCall(quantifier, pos, toNumeric(operands.get(0))));
                // A row with a field that is never NULL is not NULL, so Calcite keeps it; PgArrayText prints it as its value.
                case NullableArrayAgg ignored -> wrap.apply(inner.getOperator().createCall(quantifier, pos,
                        SqlStdOperatorTable.ROW.createCall(pos, operands.get(0), SqlLiteral.createCharString(PgArrayText.KEPT_NULL_MARK, pos))));
                case Variance v -> {
                    // Doubles (SQLite shards only) become exact decimals in Calcite: a user-defined function is never pushed down.
                    SqlNode x = v.integers() ? toNumeric(operands.get(0)) : v.floating() ? function("reshard_exact_decimal", pos, operands.get(0))
                            : operands.get(0);
                    yield function("reshard_pg_variance", pos,
                            wrap.apply(SqlStdOperatorTable.COUNT.createCall(quantifier, pos, copy(operands.get(0)))),
                            wrap.apply(SqlStdOperatorTable.SUM.createCall(quantifier, pos, x)),
                            wrap.apply(SqlStdOperatorTable.SUM.createCall(quantifier, pos, SqlStdOperatorTable.MULTIPLY.createCall(pos, copy(x), copy(x)))),
                            SqlLiteral.createExactNumeric(Integer.toString(v.kind()), pos));
                }
                case Refuse refuse -> throw new FederationRefusal(refuse.reason());
                case FloatDivide ignored -> SqlStdOperatorTable.DIVIDE.createCall(pos, toDouble(operands.get(0)), toDouble(operands.get(1)));
                case NumericDivide d -> function("reshard_pg_div", pos, d.leftInteger() ? toNumeric(operands.get(0)) : operands.get(0),
                        d.rightInteger() ? toNumeric(operands.get(1)) : operands.get(1));
            };
        }

        /** PostgreSQL's ordered-set and hypothetical-set aggregates (string_agg(x, ',' ORDER BY x) parses as WITHIN GROUP too). */
        private static boolean orderedSet(SqlCall withinGroup) {
            return withinGroup.operand(0) instanceof SqlCall f && java.util.Set.of("percentile_cont", "percentile_disc", "mode", "rank",
                    "dense_rank", "percent_rank", "cume_dist").contains(f.getOperator().getName().toLowerCase(java.util.Locale.ROOT));
        }

        /**
         * percentile_cont(f), percentile_disc(f) and mode() WITHIN GROUP (ORDER BY x [DESC]) as the aggregates
         * {@link PercentileCont}, {@link PercentileDisc} and {@link ModeAggregate}; null when it is something else.
         */
        private SqlNode orderedSetAggregate(SqlCall withinGroup) {
            if (!(withinGroup.operand(0) instanceof SqlCall function) || !(withinGroup.operand(1) instanceof SqlNodeList order) || order.size() != 1) {
                return null;
            }
            String name = function.getOperator().getName().toLowerCase(java.util.Locale.ROOT);
            int fractions = switch (name) {
                case "percentile_cont", "percentile_disc" -> 1;
                case "mode" -> 0;
                default -> -1;
            };
            if (function.operandCount() != fractions) {
                return null;
            }
            SqlNode key = order.get(0);
            boolean descending = false;
            while (key instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                    || c.getKind() == SqlKind.NULLS_LAST)) {
                descending |= c.getKind() == SqlKind.DESCENDING;
                key = c.operand(0);
            }
            SqlParserPos pos = withinGroup.getParserPosition();
            SqlLiteral direction = SqlLiteral.createBoolean(descending, pos);
            return switch (name) {
                case "percentile_cont" -> function("reshard_percentile_cont", pos, toDouble(function.operand(0).accept(this)),
                        toDouble(key.accept(this)), direction);
                case "percentile_disc" -> function("reshard_percentile_disc", pos, toDouble(function.operand(0).accept(this)),
                        key.accept(this), direction);
                default -> function("reshard_mode", pos, key.accept(this), direction);
            };
        }

        /** The node as its plan says: a constant, its operand, or a function of the timestamps' microseconds. */
        private SqlNode dateTime(DateTimePlan plan, SqlNode node) {
            SqlParserPos pos = node.getParserPosition();
            return switch (plan) {
                case DateTimePlan.Constant constant -> SqlLiteral.createExactNumeric(Long.toString(constant.value()), pos);
                case DateTimePlan.Unwrap ignored -> ((SqlCall) node).operand(0).accept(this);
                case DateTimePlan.Call c -> {
                    List<SqlNode> operands = new ArrayList<>();
                    c.leading().forEach(value -> operands.add(literal(value, pos)));
                    for (int index : c.operands()) {
                        operands.add(((SqlCall) node).operand(index).accept(this));
                    }
                    c.trailing().forEach(value -> operands.add(literal(value, pos)));
                    yield function(c.function(), pos, operands.toArray(SqlNode[]::new));
                }
            };
        }

        private static SqlNode literal(Object value, SqlParserPos pos) {
            return switch (value) {
                case Boolean b -> SqlLiteral.createBoolean(b, pos);
                case Integer i -> SqlLiteral.createExactNumeric(i.toString(), pos);
                default -> SqlLiteral.createCharString(value.toString(), pos);
            };
        }

        private static SqlNode function(String name, SqlParserPos pos, SqlNode... operands) {
            return new SqlUnresolvedFunction(new SqlIdentifier(name, pos), null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION)
                    .createCall(pos, operands);
        }

        private static SqlNode toNumeric(SqlNode node) {
            return cast(node, new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, 19, 0, node.getParserPosition()));
        }

        private static SqlNode toDouble(SqlNode node) {
            return cast(node, new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, node.getParserPosition()));
        }

        private static SqlNode cast(SqlNode node, SqlBasicTypeNameSpec type) {
            return SqlStdOperatorTable.CAST.createCall(node.getParserPosition(), node, new SqlDataTypeSpec(type, node.getParserPosition()));
        }

        /** A copy of an expression, so that the validator, which expands identifiers in place, sees each use on its own. */
        private static SqlNode copy(SqlNode node) {
            return switch (node) {
                case SqlIdentifier id -> id.clone(id.getParserPosition());
                case SqlBasicCall call -> {
                    List<SqlNode> operands = new ArrayList<>();
                    call.getOperandList().forEach(o -> operands.add(o == null ? null : copy(o)));
                    yield call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(), operands.toArray(SqlNode[]::new));
                }
                default -> node;
            };
        }
    }
}
