package org.reshard.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.NlsString;
import org.reshard.query.DateTimePlan.Call;
import org.reshard.query.DateTimePlan.Constant;
import org.reshard.query.DateTimePlan.Today;
import org.reshard.query.DateTimePlan.Unwrap;

/**
 * Decides, from a validation of the statement with PostgreSQL's timestamp columns typed as timestamps, how each node
 * that computes with them runs on their exact microseconds: literals and now() become constants, date_trunc, extract,
 * interval arithmetic and casts to text become {@link PgDateTime} functions, and comparisons, MIN/MAX, grouping, ordering
 * and joins work on the microseconds as they are. Anything else that takes a timestamp is refused with the reason, so
 * no bigint arithmetic on microseconds ever answers a query.
 */
final class DateTimePlanner {

    /** Calls that take timestamps and work on their microseconds unchanged, when their timestamps are all of one kind. */
    private static final Set<SqlKind> ON_MICROS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.GREATER_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM,
            SqlKind.BETWEEN, SqlKind.IN, SqlKind.NOT_IN, SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.CASE, SqlKind.COALESCE,
            SqlKind.NULLIF, SqlKind.GREATEST, SqlKind.LEAST, SqlKind.MIN, SqlKind.MAX, SqlKind.COUNT, SqlKind.ANY_VALUE,
            SqlKind.FIRST_VALUE, SqlKind.LAST_VALUE, SqlKind.NTH_VALUE, SqlKind.LAG, SqlKind.LEAD, SqlKind.OVER, SqlKind.AS,
            SqlKind.DESCENDING, SqlKind.NULLS_FIRST, SqlKind.NULLS_LAST, SqlKind.FILTER, SqlKind.ROW, SqlKind.SOME, SqlKind.ALL,
            SqlKind.WITHIN_GROUP, SqlKind.GROUPING_SETS, SqlKind.ROLLUP, SqlKind.CUBE, SqlKind.SCALAR_QUERY, SqlKind.EXISTS);
    /** Calls that are clauses of a query, not computations. */
    private static final Set<SqlKind> CLAUSES = Set.of(SqlKind.SELECT, SqlKind.ORDER_BY, SqlKind.JOIN, SqlKind.WITH, SqlKind.WITH_ITEM,
            SqlKind.VALUES, SqlKind.UNION, SqlKind.INTERSECT, SqlKind.EXCEPT, SqlKind.WINDOW);

    /** The plans by position, and which result columns are timestamps (true: with time zone, false: without, null: not one). */
    record Plans(Map<SqlParserPos, DateTimePlan> byPosition, List<Boolean> resultTimestamps) {
    }

    private final SqlValidator validator;
    private final Set<SqlParserPos> explicitCasts;
    private final ZoneId zone;
    private final Instant now;
    private final Map<SqlParserPos, DateTimePlan> plans = new HashMap<>();

    private DateTimePlanner(SqlValidator validator, Set<SqlParserPos> explicitCasts, ZoneId zone, Instant now) {
        this.validator = validator;
        this.explicitCasts = explicitCasts;
        this.zone = zone;
        this.now = now;
    }

    /**
     * The plans for {@code validated}; {@code explicitCasts} are the positions of the casts the user wrote (the validator
     * adds its own, at the position of what it casts).
     *
     * @throws FederationRefusal when a timestamp is used in a way that is not answered exactly
     */
    static Plans plan(SqlNode validated, SqlValidator validator, Set<SqlParserPos> explicitCasts, ZoneId zone, Instant now) {
        DateTimePlanner planner = new DateTimePlanner(validator, explicitCasts, zone, now.truncatedTo(ChronoUnit.MICROS));
        validated.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                planner.decide(call);
                return super.visit(call);
            }

            @Override
            public Void visit(SqlLiteral literal) {
                if (literal instanceof SqlTimestampLiteral) {
                    planner.plans.putIfAbsent(literal.getParserPosition(), planner.constant(literal, false));
                }
                return null;
            }
        });
        List<Boolean> results = new ArrayList<>();
        for (var field : validator.getValidatedNodeType(validated).getFieldList()) {
            results.add(zoned(field.getType()));
        }
        return new Plans(Map.copyOf(planner.plans), results);
    }

    /** The positions of the CAST calls in a statement as parsed. */
    static Set<SqlParserPos> castsIn(SqlNode parsed) {
        Set<SqlParserPos> casts = new HashSet<>();
        parsed.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.CAST) {
                    casts.add(call.getParserPosition());
                }
                return super.visit(call);
            }
        });
        return casts;
    }

    private void decide(SqlCall call) {
        SqlParserPos pos = call.getParserPosition();
        // A cast the validator put around now() or current_date has its position and was decided first: it stands.
        if (DateTimeSyntax.is(call, DateTimeSyntax.NOW)) {
            plans.putIfAbsent(pos, new Constant(PgDateTime.microsOf(now)));
        } else if (DateTimeSyntax.is(call, DateTimeSyntax.LOCAL_NOW)) {
            plans.putIfAbsent(pos, new Constant(PgDateTime.microsOfLocal(now.atZone(zone).toLocalDateTime())));
        } else if (DateTimeSyntax.is(call, DateTimeSyntax.TODAY)) {
            plans.putIfAbsent(pos, new Today(LocalDate.ofInstant(now, zone)));
        } else if (DateTimeSyntax.is(call, DateTimeSyntax.TRUNC)) {
            plans.put(pos, new Call(DateTimeSyntax.TRUNC_FUNCTION, text(call.operand(0), "date_trunc's unit"), List.of(1), timestampOperand(call, 1, "date_trunc()")));
        } else if (DateTimeSyntax.is(call, DateTimeSyntax.PLUS)) {
            boolean zoned = timestampOperand(call, 0, "+ interval");
            Long constant = constant(call);
            // Computed now, so that a WHERE comparing a column with now() - interval '1 day' runs on the shards.
            plans.put(pos, constant != null ? new Constant(constant) : new Call(DateTimeSyntax.PLUS_FUNCTION, null, List.of(0, 1, 2), zoned));
        } else if (call.getOperator().getName().equalsIgnoreCase("date_part")) {
            throw new FederationRefusal("date_part() is not federated: PostgreSQL computes it in double precision; use"
                    + " extract(field FROM …), which the federated engine answers exactly");
        } else if (call.getKind() == SqlKind.EXTRACT) {
            String field = call.operand(0) instanceof SqlIntervalQualifier q ? unit(q) : text(call.operand(0), "extract's field");
            if (isTimestamp(call.operand(1))) {
                plans.put(pos, new Call(DateTimeSyntax.EXTRACT_FUNCTION, field, List.of(1), zoned(type(call.operand(1)))));
            } else {
                throw new FederationRefusal("extract() is federated from timestamps only: extract from a " + describe(call.operand(1))
                        + " runs in Apache Calcite with its own field numbering and types; cast it to a timestamp first");
            }
        } else if (call.getKind() == SqlKind.CAST) {
            cast(call);
        } else if (!CLAUSES.contains(call.getKind())) {
            onMicros(call);
        }
    }

    private void cast(SqlCall call) {
        SqlNode operand = call.operand(0);
        RelDataType target = validator.getValidatedNodeTypeIfKnown(call);
        Boolean targetZoned = target == null ? null : zoned(target);
        boolean fromTimestamp = isTimestamp(operand);
        SqlParserPos pos = call.getParserPosition();
        if (targetZoned != null) {
            if (operand instanceof SqlLiteral literal && (literal.getValue() instanceof NlsString || literal instanceof SqlTimestampLiteral
                    || literal instanceof SqlDateLiteral)) {
                plans.put(pos, constant(literal, targetZoned));
            } else if (operand instanceof SqlCall today && DateTimeSyntax.is(today, DateTimeSyntax.TODAY)) {
                LocalDate date = LocalDate.ofInstant(now, zone);
                plans.put(pos, new Constant(targetZoned ? PgDateTime.microsOf(date.atStartOfDay(zone).toInstant())
                        : PgDateTime.microsOfLocal(date.atStartOfDay())));
            } else if (operand instanceof SqlLiteral literal && literal.getValue() == null) {
                plans.put(pos, new Unwrap());
            } else if (fromTimestamp && zoned(type(operand)) == targetZoned) {
                plans.put(pos, new Unwrap());
            } else {
                throw new FederationRefusal("converting a " + describe(operand) + " to a timestamp " + (targetZoned ? "with" : "without")
                        + " time zone is not federated; compare timestamps with timestamps of the same kind, or with literals");
            }
        } else if (fromTimestamp) {
            SqlTypeName to = target == null ? null : target.getSqlTypeName();
            if ((to == SqlTypeName.VARCHAR || to == SqlTypeName.CHAR) && explicitCasts.contains(pos)) {
                plans.put(pos, new Call(DateTimeSyntax.TEXT_FUNCTION, null, List.of(0), zoned(type(operand))));
            } else {
                throw new FederationRefusal("a timestamp " + (to == SqlTypeName.VARCHAR || to == SqlTypeName.CHAR
                        ? "mixed with text (as in coalesce(ts, '…')) is not federated; write the text as a timestamp ('…'::timestamptz)"
                        : "converted to " + (target == null ? "another type" : target.getSqlTypeName().getName().toLowerCase(Locale.ROOT))
                        + " is not federated; of its conversions only ::text is"));
            }
        }
    }

    /** A call that works on microseconds unchanged: its timestamps must be of one kind, and its timestamp literals become that kind's. */
    private void onMicros(SqlCall call) {
        Set<Boolean> kinds = new HashSet<>();
        List<SqlLiteral> literals = new ArrayList<>();
        for (SqlNode operand : operands(call)) {
            if (operand instanceof SqlTimestampLiteral || operand instanceof SqlDateLiteral) {
                literals.add((SqlLiteral) operand);
            } else if (isTimestamp(operand)) {
                kinds.add(zoned(type(operand)));
            }
        }
        if (kinds.isEmpty()) {
            return;
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        if (!ON_MICROS.contains(call.getKind())) {
            throw new FederationRefusal(name + " of a timestamp is not federated: of PostgreSQL's date/time operations the federated"
                    + " engine answers comparisons, min/max, grouping and ordering, date_trunc, extract, timestamp ± interval '…' and ::text");
        }
        if (kinds.size() > 1) {
            throw new FederationRefusal(name + " of a timestamp with time zone and one without is not federated (PostgreSQL converts"
                    + " in the session's time zone); cast one side explicitly in a query the merge answers");
        }
        boolean zoned = kinds.iterator().next();
        for (SqlLiteral literal : literals) {
            plans.put(literal.getParserPosition(), constant(literal, zoned));
        }
    }

    /** The microseconds of a timestamp known before any row is read (now(), a literal, either ± an interval), or null. */
    private Long constant(SqlNode node) {
        Boolean zoned = isTimestamp(node) ? zoned(type(node)) : null;
        if (zoned == null) {
            return null;
        }
        if (node instanceof SqlTimestampLiteral literal) {
            return ((Constant) constant(literal, zoned)).micros();
        }
        if (!(node instanceof SqlCall call)) {
            return null;
        }
        if (DateTimeSyntax.is(call, DateTimeSyntax.NOW) || DateTimeSyntax.is(call, DateTimeSyntax.LOCAL_NOW)) {
            return zoned ? PgDateTime.microsOf(now) : PgDateTime.microsOfLocal(now.atZone(zone).toLocalDateTime());
        }
        if (call.getKind() == SqlKind.CAST && call.operand(0) instanceof SqlLiteral literal && literal.getValue() instanceof NlsString) {
            return ((Constant) constant(literal, zoned)).micros();
        }
        if (DateTimeSyntax.is(call, DateTimeSyntax.PLUS) && call.operand(1) instanceof SqlLiteral interval
                && call.operand(2) instanceof SqlLiteral sign) {
            Long base = constant(call.operand(0));
            try {
                return base == null ? null : PgDateTime.plusInterval(base, interval.getValueAs(String.class), sign.intValue(true), zoned, zone.getId());
            } catch (IllegalArgumentException e) {
                throw new FederationRefusal("the interval '" + interval.getValueAs(String.class) + "' is not read by the federated engine: "
                        + e.getMessage());
            }
        }
        return null;
    }

    private List<SqlNode> operands(SqlCall call) {
        List<SqlNode> operands = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            if (operand instanceof SqlNodeList list) {
                list.forEach(operands::add);
            } else if (operand != null) {
                operands.add(operand);
            }
        }
        return operands;
    }

    private DateTimePlan constant(SqlLiteral literal, boolean zoned) {
        String text = literal instanceof SqlTimestampLiteral || literal instanceof SqlDateLiteral ? literal.toValue() : literal.getValueAs(String.class);
        try {
            return new Constant(zoned ? PgDateTime.timestamptzFromText(text, zone.getId()) : PgDateTime.timestampFromText(text));
        } catch (IllegalArgumentException e) {
            throw new FederationRefusal("the timestamp '" + text + "' is not read by the federated engine: " + e.getMessage());
        }
    }

    private boolean isTimestamp(SqlNode node) {
        RelDataType type = type(node);
        return type != null && zoned(type) != null;
    }

    private RelDataType type(SqlNode node) {
        RelDataType type = validator.getValidatedNodeTypeIfKnown(node);
        if (type != null && type.isStruct() && type.getFieldCount() == 1) {
            // A scalar subquery: its one column.
            return type.getFieldList().getFirst().getType();
        }
        return type != null && type.isStruct() ? null : type;
    }

    /** True for PostgreSQL's timestamptz (Calcite's timestamp with local time zone), false for timestamp, null otherwise. */
    static Boolean zoned(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> true;
            case TIMESTAMP -> false;
            default -> null;
        };
    }

    private boolean timestampOperand(SqlCall call, int index, String what) {
        SqlNode operand = call.operand(index);
        if (!isTimestamp(operand)) {
            throw new FederationRefusal(what + " is federated on timestamps only, not on a " + describe(operand)
                    + " (PostgreSQL would convert it first); cast it to a timestamp in a query the merge answers");
        }
        return zoned(type(operand));
    }

    private String describe(SqlNode node) {
        RelDataType type = type(node);
        return type == null ? "value of another type" : type.getSqlTypeName().getName().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String text(SqlNode node, String what) {
        if (node instanceof SqlLiteral literal && literal.getValue() instanceof NlsString) {
            return literal.getValueAs(String.class);
        }
        throw new FederationRefusal(what + " must be written as a literal ('day') to be federated");
    }

    private static String unit(SqlIntervalQualifier qualifier) {
        TimeUnitRange range = qualifier.timeUnitRange;
        // Calcite reads extract(epoch …), (dow …) and others as time units; the custom ones carry their own name.
        if (qualifier.timeFrameName != null) {
            return qualifier.timeFrameName.toLowerCase(Locale.ROOT);
        }
        return switch (range) {
            case MILLISECOND -> "milliseconds";
            case MICROSECOND -> "microseconds";
            default -> range.name().toLowerCase(Locale.ROOT);
        };
    }
}
