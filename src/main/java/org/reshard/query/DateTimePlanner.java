package org.reshard.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.NlsString;
import org.reshard.query.DateTimePlan.Call;
import org.reshard.query.DateTimePlan.Constant;
import org.reshard.query.DateTimePlan.Conversion;
import org.reshard.query.DateTimePlan.Unwrap;

/**
 * Decides, from a validation of the statement with PostgreSQL's date and timestamp columns typed as Calcite's dates
 * and timestamps, how each node that computes with them runs on their exact bigints ({@link DateTimeKind}): literals,
 * now() and current_date become constants, date_trunc, extract, interval arithmetic, casts and ::text become
 * {@link PgDateTime} functions, values meeting a value of another kind are converted as PostgreSQL converts them, and
 * comparisons, MIN/MAX, grouping, ordering and joins work on the bigints as they are. Anything else that takes a date or
 * a timestamp is refused with the reason, so no bigint arithmetic on microseconds or days ever answers a query.
 */
final class DateTimePlanner {

    /** Calls that take dates or timestamps and work on their bigints unchanged, when they are all of one kind. */
    private static final Set<SqlKind> ON_VALUES = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.GREATER_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM,
            SqlKind.BETWEEN, SqlKind.IN, SqlKind.NOT_IN, SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.CASE, SqlKind.COALESCE,
            SqlKind.NULLIF, SqlKind.GREATEST, SqlKind.LEAST, SqlKind.MIN, SqlKind.MAX, SqlKind.COUNT, SqlKind.ANY_VALUE,
            SqlKind.FIRST_VALUE, SqlKind.LAST_VALUE, SqlKind.NTH_VALUE, SqlKind.LAG, SqlKind.LEAD, SqlKind.OVER, SqlKind.AS,
            SqlKind.DESCENDING, SqlKind.NULLS_FIRST, SqlKind.NULLS_LAST, SqlKind.FILTER, SqlKind.ROW, SqlKind.SOME, SqlKind.ALL,
            SqlKind.WITHIN_GROUP, SqlKind.MODE, SqlKind.PERCENTILE_DISC, SqlKind.GROUPING_SETS, SqlKind.ROLLUP, SqlKind.CUBE, SqlKind.SCALAR_QUERY, SqlKind.EXISTS);
    /** Of those, the comparisons: where values of two kinds meet, PostgreSQL converts to the preferred one. */
    private static final Set<SqlKind> COMPARISONS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.GREATER_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM,
            SqlKind.BETWEEN, SqlKind.IN, SqlKind.NOT_IN);
    /** Calls that are clauses of a query, not computations. */
    private static final Set<SqlKind> CLAUSES = Set.of(SqlKind.SELECT, SqlKind.ORDER_BY, SqlKind.JOIN, SqlKind.WITH, SqlKind.WITH_ITEM,
            SqlKind.VALUES, SqlKind.UNION, SqlKind.INTERSECT, SqlKind.EXCEPT, SqlKind.WINDOW);
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /**
     * The plans and conversions by position, the kind of each result column (null: not a date or timestamp), and the
     * session's time zone the conversions use.
     */
    record Plans(Map<SqlParserPos, DateTimePlan> byPosition, Map<SqlParserPos, Conversion> conversions, List<DateTimeKind> resultKinds,
                 String zone) {

        static final Plans NONE = new Plans(Map.of(), Map.of(), List.of(), "UTC");
    }

    private final SqlValidator validator;
    private final Set<SqlParserPos> explicitCasts;
    private final ZoneId zone;
    private final Instant now;
    private final Map<SqlParserPos, DateTimePlan> plans = new HashMap<>();
    private final Map<SqlParserPos, Conversion> conversions = new HashMap<>();
    /** The positions of interval literals that are compared with an interval (timestamp - timestamp). */
    private final Set<SqlParserPos> comparedIntervals = new HashSet<>();
    /** The positions of casts the validator added where a function takes the value in its own kind. */
    private final Set<SqlParserPos> takenAsTheyAre = new HashSet<>();

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
     * @throws FederationRefusal when a date or timestamp is used in a way that is not answered exactly
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
                    planner.plans.putIfAbsent(literal.getParserPosition(), planner.constant(literal, DateTimeKind.TIMESTAMP));
                } else if (literal instanceof SqlDateLiteral) {
                    planner.plans.putIfAbsent(literal.getParserPosition(), planner.constant(literal, DateTimeKind.DATE));
                }
                return null;
            }
        });
        List<DateTimeKind> results = new ArrayList<>();
        for (var field : validator.getValidatedNodeType(validated).getFieldList()) {
            results.add(DateTimeKind.of(field.getType()));
        }
        return new Plans(Map.copyOf(planner.plans), Map.copyOf(planner.conversions), Collections.unmodifiableList(results), zone.getId());
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
        if (DateTimeSyntax.is(call, DateTimeSyntax.NOW) || DateTimeSyntax.is(call, DateTimeSyntax.LOCAL_NOW)
                || DateTimeSyntax.is(call, DateTimeSyntax.TODAY)) {
            plans.putIfAbsent(pos, new Constant(constant(call)));
        } else if (DateTimeSyntax.is(call, DateTimeSyntax.INTERVAL_VALUE)) {
            comparedInterval(call);
        } else if (DateTimeSyntax.is(call, DateTimeSyntax.TRUNC)) {
            DateTimeKind kind = dateOrTimestamp(call, 1, "date_trunc()");
            if (kind == DateTimeKind.DATE) {
                // date_trunc(text, date) is date_trunc(text, timestamptz) of the date's midnight in PostgreSQL.
                conversions.put(call.operand(1).getParserPosition(), new Conversion(DateTimeKind.DATE, DateTimeKind.TIMESTAMPTZ));
            }
            boolean zoned = kind != DateTimeKind.TIMESTAMP;
            plans.put(pos, new Call(DateTimeSyntax.TRUNC_FUNCTION, List.of(text(call.operand(0), "date_trunc's unit")), List.of(1),
                    List.of(zoned, zone.getId())));
        } else if (DateTimeSyntax.is(call, DateTimeSyntax.PLUS)) {
            DateTimeKind kind = dateOrTimestamp(call, 0, "+ interval");
            if (kind == DateTimeKind.DATE) {
                // date + interval is a timestamp in PostgreSQL: the date's midnight plus the interval.
                conversions.put(call.operand(0).getParserPosition(), new Conversion(DateTimeKind.DATE, DateTimeKind.TIMESTAMP));
            }
            Long constant = constant(call);
            // Computed now, so that a WHERE comparing a column with now() - interval '1 day' runs on the shards.
            plans.put(pos, constant != null ? new Constant(constant) : new Call(DateTimeSyntax.PLUS_FUNCTION, List.of(), List.of(0, 1, 2),
                    List.of(kind.zoned(), zone.getId())));
        } else if (DateTimeSyntax.is(call, DateTimeSyntax.PART) && kind(call.operand(1)) == DateTimeKind.INTERVAL) {
            plans.put(pos, new Call(DateTimeSyntax.DATE_PART_INTERVAL_FUNCTION, List.of(text(call.operand(0), "date_part's field")), List.of(1),
                    List.of()));
        } else if (DateTimeSyntax.is(call, DateTimeSyntax.PART)) {
            String field = text(call.operand(0), "date_part's field");
            DateTimeKind kind = dateOrTimestamp(call, 1, "date_part()");
            if (kind == DateTimeKind.DATE) {
                // date_part(text, date) is date_part(text, timestamp) of the date's midnight in PostgreSQL.
                conversions.put(call.operand(1).getParserPosition(), new Conversion(DateTimeKind.DATE, DateTimeKind.TIMESTAMP));
            }
            plans.put(pos, new Call(DateTimeSyntax.DATE_PART_FUNCTION, List.of(field), List.of(1), List.of(kind.zoned(), zone.getId())));
        } else if (call.getKind() == SqlKind.EXTRACT || DateTimeSyntax.is(call, DateTimeSyntax.EXTRACT)) {
            String field = call.operand(0) instanceof SqlIntervalQualifier q ? DateTimeSyntax.fieldName(q) : text(call.operand(0), "extract's field");
            DateTimeKind kind = operandKind(call, 1, "extract()");
            plans.put(pos, switch (kind) {
                case DATE -> new Call(DateTimeSyntax.EXTRACT_DATE_FUNCTION, List.of(field), List.of(1), List.of());
                case INTERVAL -> new Call(DateTimeSyntax.EXTRACT_INTERVAL_FUNCTION, List.of(field), List.of(1), List.of());
                case TIMESTAMP, TIMESTAMPTZ -> new Call(DateTimeSyntax.EXTRACT_FUNCTION, List.of(field), List.of(1), List.of(kind.zoned(), zone.getId()));
            });
        } else if (call.getOperator().getName().equalsIgnoreCase("to_char") && call.operandCount() == 2 && kind(call.operand(0)) != null) {
            dateOrTimestamp(call, 0, "to_char()");
            String format = text(call.operand(1), "to_char's format");
            try {
                PgToChar.checkFormat(format);
            } catch (IllegalArgumentException e) {
                throw new FederationRefusal(e.getMessage());
            }
            // Calcite's to_char signature takes a timestamp, so its validator casts a date; PgToChar takes the date itself.
            SqlNode value = call.operand(0);
            if (value instanceof SqlCall implicit && implicit.getKind() == SqlKind.CAST && !explicitCasts.contains(implicit.getParserPosition())) {
                value = implicit.operand(0);
                takenAsTheyAre.add(implicit.getParserPosition());
            }
            plans.put(pos, new Call(DateTimeSyntax.TO_CHAR_FUNCTION, List.of(format), List.of(0), List.of(kind(value).pgName(), zone.getId())));
        } else if (isDateArithmetic(call)) {
            dateArithmetic(call);
        } else if (call.getKind() == SqlKind.CAST) {
            cast(call);
        } else if (!CLAUSES.contains(call.getKind())) {
            onValues(call);
        }
    }

    private boolean isDateArithmetic(SqlCall call) {
        if ((call.getKind() != SqlKind.PLUS && call.getKind() != SqlKind.MINUS) || call.operandCount() != 2) {
            return false;
        }
        RelDataType left = validator.getValidatedNodeTypeIfKnown(call.operand(0));
        RelDataType right = validator.getValidatedNodeTypeIfKnown(call.operand(1));
        return left != null && right != null && DateArithmetic.isDateTimeForm(call.getKind(), left, right);
    }

    /**
     * date ± integer on the date's day number (folded when both are known), date - date as the days between, and
     * timestamp - timestamp as the interval's microseconds.
     */
    private void dateArithmetic(SqlCall call) {
        SqlParserPos pos = call.getParserPosition();
        if (kind(call.operand(0)) == DateTimeKind.DATE && kind(call.operand(1)) == DateTimeKind.DATE) {
            plans.put(pos, new Call(DateTimeSyntax.DAYS_BETWEEN_FUNCTION, List.of(), List.of(0, 1), List.of()));
            return;
        }
        if (kind(call) == DateTimeKind.INTERVAL) {
            DateTimeKind left = kind(call.operand(0));
            DateTimeKind right = kind(call.operand(1));
            // As in a comparison: the kind PostgreSQL ranks lower is converted in the session first (date - timestamptz).
            DateTimeKind target = Collections.max(List.of(left, right, DateTimeKind.TIMESTAMP));
            for (int i = 0; i < 2; i++) {
                DateTimeKind operand = i == 0 ? left : right;
                if (operand != target) {
                    conversions.put(call.operand(i).getParserPosition(), new Conversion(operand, target));
                }
            }
            plans.put(pos, new Call(DateTimeSyntax.TIMESTAMP_MINUS_FUNCTION, List.of(), List.of(0, 1), List.of()));
            return;
        }
        Long constant = constant(call);
        int date = kind(call.operand(0)) == DateTimeKind.DATE ? 0 : 1;
        plans.put(pos, constant != null ? new Constant(constant) : new Call(DateTimeSyntax.DATE_PLUS_FUNCTION, List.of(), List.of(date, 1 - date),
                List.of(call.getKind() == SqlKind.PLUS ? 1 : -1)));
    }

    private void cast(SqlCall call) {
        SqlNode operand = call.operand(0);
        DateTimeKind target = DateTimeKind.of(validator.getValidatedNodeTypeIfKnown(call));
        DateTimeKind source = kind(operand);
        SqlParserPos pos = call.getParserPosition();
        boolean explicit = explicitCasts.contains(pos);
        if (takenAsTheyAre.contains(pos)) {
            return;
        }
        if (target == DateTimeKind.INTERVAL || source == DateTimeKind.INTERVAL) {
            intervalCast(call, target, explicit);
            return;
        }
        if (target != null) {
            if (operand instanceof SqlLiteral literal && (literal.getValue() instanceof NlsString || literal instanceof SqlTimestampLiteral
                    || literal instanceof SqlDateLiteral)) {
                plans.put(pos, constant(literal, target));
            } else if (operand instanceof SqlLiteral literal && literal.getValue() == null) {
                plans.put(pos, new Unwrap());
            } else if (operand instanceof SqlCall today && DateTimeSyntax.is(today, DateTimeSyntax.TODAY)) {
                plans.put(pos, new Constant(PgDateTime.convert(constant(today), DateTimeKind.DATE.pgName(), target.pgName(), zone.getId())));
            } else if (source == target) {
                if (explicit) {
                    plans.put(pos, new Unwrap());
                }
            } else if (source != null) {
                Conversion conversion = new Conversion(source, target);
                if (explicit) {
                    plans.put(pos, convert(conversion));
                } else {
                    conversions.put(pos, conversion);
                }
            } else {
                throw new FederationRefusal("converting a " + describe(operand) + " to " + target.pgName() + " is not federated;"
                        + " compare dates and timestamps with each other, or with literals");
            }
        } else if (source != null) {
            SqlTypeName to = validator.getValidatedNodeTypeIfKnown(call) == null ? null : validator.getValidatedNodeTypeIfKnown(call).getSqlTypeName();
            boolean text = to == SqlTypeName.VARCHAR || to == SqlTypeName.CHAR;
            if (text && explicit) {
                plans.put(pos, source == DateTimeKind.DATE ? new Call(DateTimeSyntax.DATE_TEXT_FUNCTION, List.of(), List.of(0), List.of())
                        : new Call(DateTimeSyntax.TEXT_FUNCTION, List.of(), List.of(0), List.of(source.zoned(), zone.getId())));
            } else {
                throw new FederationRefusal("a " + source.pgName() + (text
                        ? " mixed with text (as in coalesce(ts, '…')) is not federated; write the text as one ('…'::" + source.pgName() + ")"
                        : " converted to " + (to == null ? "another type" : to.getName().toLowerCase(Locale.ROOT))
                        + " is not federated; of its conversions ::date, ::timestamp, ::timestamptz and ::text are"));
            }
        }
    }

    /** An interval is federated as text (::text), and nothing is converted to one. */
    private void intervalCast(SqlCall call, DateTimeKind target, boolean explicit) {
        RelDataType type = validator.getValidatedNodeTypeIfKnown(call);
        boolean text = type != null && (type.getSqlTypeName() == SqlTypeName.VARCHAR || type.getSqlTypeName() == SqlTypeName.CHAR);
        if (target != null || !text || !explicit) {
            throw new FederationRefusal("an interval converted to " + (target != null ? target.pgName() : describe(call))
                    + " is not federated; of its conversions ::text is");
        }
        plans.put(call.getParserPosition(), new Call(DateTimeSyntax.INTERVAL_TEXT_FUNCTION, List.of(), List.of(0), List.of()));
    }

    /**
     * An interval literal compared with timestamp - timestamp: its weight in PostgreSQL's interval comparison. Anywhere
     * else an interval literal is refused, since only where it is compared is its value not printed.
     */
    private void comparedInterval(SqlCall call) {
        String text = text(call.operand(0), "an interval");
        if (!comparedIntervals.contains(call.getParserPosition())) {
            throw new FederationRefusal("the interval '" + text + "' is federated added to or subtracted from a timestamp"
                    + " (created_at - interval '7 days') or compared with timestamp - timestamp; other interval values are not");
        }
        try {
            plans.put(call.getParserPosition(), new Constant(PgDateTime.intervalCompareMicros(text)));
        } catch (IllegalArgumentException e) {
            throw new FederationRefusal("the interval '" + text + "' is not read by the federated engine: " + e.getMessage());
        }
    }

    private Call convert(Conversion conversion) {
        return new Call(DateTimeSyntax.CONVERT_FUNCTION, List.of(), List.of(0), List.of(conversion.from().pgName(), conversion.to().pgName(),
                zone.getId()));
    }

    /**
     * A call that works on the values unchanged: its dates and timestamps are of one kind, or (in a comparison) are
     * converted to the kind PostgreSQL prefers, and its date and timestamp literals become that kind's.
     */
    private void onValues(SqlCall call) {
        Set<DateTimeKind> kinds = new HashSet<>();
        List<SqlLiteral> literals = new ArrayList<>();
        List<SqlNode> values = new ArrayList<>();
        for (SqlNode operand : operands(call)) {
            if (operand instanceof SqlTimestampLiteral || operand instanceof SqlDateLiteral) {
                literals.add((SqlLiteral) operand);
            } else if (kind(operand) != null) {
                kinds.add(kind(operand));
                values.add(operand);
            }
        }
        if (kinds.isEmpty()) {
            return;
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        if (!ON_VALUES.contains(call.getKind())) {
            DateTimeKind first = kinds.iterator().next();
            throw new FederationRefusal(name + " of " + (first == DateTimeKind.INTERVAL ? "an " : "a ") + first.pgName() + " is not federated: of PostgreSQL's date/time"
                    + " operations the federated engine answers comparisons, min/max, grouping and ordering, date_trunc, extract, date_part,"
                    + " to_char, ± interval '…', date ± integer, date - date, timestamp - timestamp (compared, ordered, printed and"
                    + " extracted from) and casts to date, timestamp, timestamptz and text");
        }
        if (kinds.contains(DateTimeKind.INTERVAL)) {
            if (kinds.size() > 1 || !literals.isEmpty()) {
                throw new FederationRefusal(name + " of an interval and a date or timestamp is not federated");
            }
            if (COMPARISONS.contains(call.getKind())) {
                values.stream().filter(v -> v instanceof SqlCall c && DateTimeSyntax.is(c, DateTimeSyntax.INTERVAL_VALUE))
                        .forEach(v -> comparedIntervals.add(v.getParserPosition()));
            }
            return;
        }
        DateTimeKind target = Collections.max(kinds);
        if (kinds.size() > 1) {
            if (!COMPARISONS.contains(call.getKind())) {
                throw new FederationRefusal(name + " of a " + String.join(" and a ", kinds.stream().map(DateTimeKind::pgName).sorted().toList())
                        + " is not federated (its result type would follow Calcite's rules, not PostgreSQL's); cast them to one type");
            }
            for (SqlNode value : values) {
                if (kind(value) != target) {
                    conversions.putIfAbsent(value.getParserPosition(), new Conversion(kind(value), target));
                }
            }
        }
        for (SqlLiteral literal : literals) {
            plans.put(literal.getParserPosition(), constant(literal, target));
        }
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

    /** The bigint of a literal read as {@code kind}, as PostgreSQL's input function reads it in the session. */
    private DateTimePlan constant(SqlLiteral literal, DateTimeKind kind) {
        String text = literal instanceof SqlTimestampLiteral || literal instanceof SqlDateLiteral ? literal.toValue() : literal.getValueAs(String.class);
        try {
            return new Constant(switch (kind) {
                case TIMESTAMPTZ -> PgDateTime.timestamptzFromText(text, zone.getId());
                case TIMESTAMP -> PgDateTime.timestampFromText(text);
                case DATE -> Math.floorDiv(PgDateTime.timestampFromText(text), MICROS_PER_DAY);
                case INTERVAL -> throw new FederationRefusal("'" + text + "' compared with an interval is not federated; write interval '…'");
            });
        } catch (IllegalArgumentException e) {
            throw new FederationRefusal("the " + kind.pgName() + " '" + text + "' is not read by the federated engine: " + e.getMessage());
        }
    }

    /** The bigint of a value known before any row is read (now(), current_date, a literal, either ± an interval), or null. */
    private Long constant(SqlNode node) {
        DateTimeKind kind = kind(node);
        if (kind == null) {
            return null;
        }
        if (node instanceof SqlTimestampLiteral || node instanceof SqlDateLiteral) {
            return ((Constant) constant((SqlLiteral) node, kind)).value();
        }
        if (!(node instanceof SqlCall call)) {
            return null;
        }
        if (DateTimeSyntax.is(call, DateTimeSyntax.NOW)) {
            return PgDateTime.microsOf(now);
        }
        if (DateTimeSyntax.is(call, DateTimeSyntax.LOCAL_NOW)) {
            return PgDateTime.microsOfLocal(now.atZone(zone).toLocalDateTime());
        }
        if (DateTimeSyntax.is(call, DateTimeSyntax.TODAY)) {
            return LocalDate.ofInstant(now, zone).toEpochDay();
        }
        if (call.getKind() == SqlKind.CAST && call.operand(0) instanceof SqlLiteral literal && literal.getValue() instanceof NlsString) {
            return ((Constant) constant(literal, kind)).value();
        }
        if (isDateArithmetic(call) && kind == DateTimeKind.DATE) {
            int date = kind(call.operand(0)) == DateTimeKind.DATE ? 0 : 1;
            Long base = constant(call.operand(date));
            if (base == null || !(call.operand(1 - date) instanceof SqlLiteral days) || !(days.getValue() instanceof java.math.BigDecimal)) {
                return null;
            }
            try {
                return PgDateTime.datePlusDays(base, days.getValueAs(Long.class), call.getKind() == SqlKind.PLUS ? 1 : -1);
            } catch (IllegalArgumentException e) {
                throw new FederationRefusal(e.getMessage());
            }
        }
        if (DateTimeSyntax.is(call, DateTimeSyntax.PLUS) && call.operand(1) instanceof SqlLiteral interval
                && call.operand(2) instanceof SqlLiteral sign) {
            Long base = constant(call.operand(0));
            DateTimeKind baseKind = kind(call.operand(0));
            if (base == null) {
                return null;
            }
            long start = PgDateTime.convert(base, baseKind.pgName(), kind.pgName(), zone.getId());
            try {
                return PgDateTime.plusInterval(start, interval.getValueAs(String.class), sign.intValue(true), kind.zoned(), zone.getId());
            } catch (IllegalArgumentException e) {
                throw new FederationRefusal("the interval '" + interval.getValueAs(String.class) + "' is not read by the federated engine: "
                        + e.getMessage());
            }
        }
        return null;
    }

    private DateTimeKind kind(SqlNode node) {
        RelDataType type = validator.getValidatedNodeTypeIfKnown(node);
        if (type != null && type.isStruct()) {
            // A scalar subquery: its one column.
            return type.getFieldCount() == 1 ? DateTimeKind.of(type.getFieldList().getFirst().getType()) : null;
        }
        return DateTimeKind.of(type);
    }

    /** The operand's kind, which must be a date or a timestamp (an interval has none of their functions here). */
    private DateTimeKind dateOrTimestamp(SqlCall call, int index, String what) {
        DateTimeKind kind = operandKind(call, index, what);
        if (kind == DateTimeKind.INTERVAL) {
            throw new FederationRefusal(what + " of an interval is not federated");
        }
        return kind;
    }

    private DateTimeKind operandKind(SqlCall call, int index, String what) {
        DateTimeKind kind = kind(call.operand(index));
        if (kind == null) {
            throw new FederationRefusal(what + " is federated on dates and timestamps only, not on a " + describe(call.operand(index))
                    + "; cast it ('…'::timestamptz)");
        }
        return kind;
    }

    private String describe(SqlNode node) {
        RelDataType type = validator.getValidatedNodeTypeIfKnown(node);
        return type == null ? "value of another type" : type.getSqlTypeName().getName().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String text(SqlNode node, String what) {
        if (node instanceof SqlLiteral literal && literal.getValue() instanceof NlsString) {
            return literal.getValueAs(String.class);
        }
        throw new FederationRefusal(what + " must be written as a literal ('day') to be federated");
    }
}
