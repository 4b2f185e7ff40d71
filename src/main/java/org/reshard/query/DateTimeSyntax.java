package org.reshard.query;

import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's date/time syntax that Calcite cannot read or types otherwise, put into calls Calcite's validator types
 * as PostgreSQL does: {@code interval '1 day'} and {@code extract('field' FROM x)} (text, before parsing),
 * {@code date_trunc}, {@code extract}, {@code date_part}, {@code now()} and its relatives, {@code timestamp ± interval}
 * and interval literals compared with intervals. {@link DateTimePlanner} then decides from the validated types how each
 * runs; none of these calls reaches the statement Calcite executes.
 */
final class DateTimeSyntax {

    static final String INTERVAL = "reshard_interval";

    /** The names {@link FederationCatalog} registers {@link PgDateTime}'s functions under, for the statement Calcite runs. */
    static final String TRUNC_FUNCTION = "reshard_dt_trunc";
    static final String EXTRACT_FUNCTION = "reshard_dt_extract";
    static final String PLUS_FUNCTION = "reshard_dt_plus";
    static final String TEXT_FUNCTION = "reshard_dt_text";
    static final String EXTRACT_DATE_FUNCTION = "reshard_dt_extract_date";
    static final String DATE_TEXT_FUNCTION = "reshard_dt_date_text";
    static final String CONVERT_FUNCTION = "reshard_dt_convert";
    static final String TO_CHAR_FUNCTION = "reshard_dt_to_char";
    static final String DATE_PLUS_FUNCTION = "reshard_dt_date_plus";
    static final String DATE_PART_FUNCTION = "reshard_dt_date_part";
    static final String TIMESTAMP_MINUS_FUNCTION = "reshard_dt_timestamp_minus";
    static final String INTERVAL_TEXT_FUNCTION = "reshard_dt_interval_text";
    static final String EXTRACT_INTERVAL_FUNCTION = "reshard_dt_extract_interval";
    static final String DATE_PART_INTERVAL_FUNCTION = "reshard_dt_date_part_interval";
    static final String DAYS_BETWEEN_FUNCTION = "reshard_dt_days_between";

    /** date_trunc keeps a timestamp's type; a date's is PostgreSQL's timestamptz, as it truncates the date's midnight in the session. */
    static final SqlFunction TRUNC = typed("reshard_date_trunc", ReturnTypes.ARG1_NULLABLE.andThen((binding, type) ->
            dateBecomes(binding.getTypeFactory(), type, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE)));
    /** A timestamp ± an interval keeps its type; a date ± an interval is a timestamp in PostgreSQL. */
    static final SqlFunction PLUS = typed("reshard_timestamp_plus", ReturnTypes.ARG0_NULLABLE.andThen((binding, type) ->
            dateBecomes(binding.getTypeFactory(), type, SqlTypeName.TIMESTAMP)));
    /** date_part is PostgreSQL's double precision; Calcite's own checks the field against its time frames, which 'julian' is not. */
    static final SqlFunction PART = typed("reshard_date_part", ReturnTypes.DOUBLE_NULLABLE);
    /** extract is PostgreSQL's numeric; Calcite's own types most fields as integers and refuses others (milliseconds, julian). */
    static final SqlFunction EXTRACT = typed("reshard_extract",
            ReturnTypes.explicit(SqlTypeName.DECIMAL).andThen(SqlTypeTransforms.TO_NULLABLE));
    /** An interval literal that is not added to a timestamp, typed as the interval timestamp - timestamp gives. */
    static final SqlFunction INTERVAL_VALUE = typed("reshard_interval_value", ReturnTypes.explicit(DateArithmetic::interval));
    static final SqlFunction NOW = typed("reshard_now", ReturnTypes.explicit(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE));
    static final SqlFunction LOCAL_NOW = typed("reshard_localtimestamp", ReturnTypes.explicit(SqlTypeName.TIMESTAMP));
    static final SqlFunction TODAY = typed("reshard_current_date", ReturnTypes.explicit(SqlTypeName.DATE));

    private static final Set<String> NOW_NAMES = Set.of("now", "current_timestamp", "transaction_timestamp", "statement_timestamp");
    private static final Set<String> UNITS = Set.of("year", "years", "month", "months", "day", "days", "hour", "hours", "minute",
            "minutes", "second", "seconds");

    private DateTimeSyntax() {
    }

    /**
     * The statement with each PostgreSQL {@code interval '…'} written as {@code reshard_interval('…')}, which Calcite parses;
     * the SQL standard's {@code interval '1' day} stays as it is. Text inside quotes and comments is left alone.
     */
    static String rewriteIntervals(String sql) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end = SqlScan.skipQuotedOrComment(sql, i);
            if (end > i) {
                out.append(sql, i, end);
                i = end;
                continue;
            }
            if (Character.isLetter(c) && (i == 0 || !isWordPart(sql.charAt(i - 1))) && sql.regionMatches(true, i, "interval", 0, 8)
                    && (i + 8 == sql.length() || !isWordPart(sql.charAt(i + 8)))) {
                int quote = i + 8;
                while (quote < sql.length() && Character.isWhitespace(sql.charAt(quote))) {
                    quote++;
                }
                if (quote < sql.length() && sql.charAt(quote) == '\'') {
                    int close = SqlScan.skipQuotedOrComment(sql, quote);
                    if (!followedByUnit(sql, close)) {
                        out.append(INTERVAL).append('(').append(sql, quote, close).append(')');
                        i = close;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /**
     * The statement with PostgreSQL's {@code extract('field' FROM x)} written {@code extract(field FROM x)}, which Calcite
     * parses; text inside quotes and comments elsewhere is left alone.
     */
    static String unquoteExtractFields(String sql) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            int end = SqlScan.skipQuotedOrComment(sql, i);
            if (end > i) {
                out.append(sql, i, end);
                i = end;
                continue;
            }
            if (sql.regionMatches(true, i, "extract", 0, 7) && (i == 0 || !isWordPart(sql.charAt(i - 1)))) {
                int open = skipSpaces(sql, i + 7);
                int quote = open < sql.length() && sql.charAt(open) == '(' ? skipSpaces(sql, open + 1) : -1;
                if (quote > 0 && quote < sql.length() && sql.charAt(quote) == '\'') {
                    int close = SqlScan.skipQuotedOrComment(sql, quote);
                    String field = sql.substring(quote + 1, Math.max(quote + 1, close - 1));
                    int from = skipSpaces(sql, close);
                    if (field.matches("[A-Za-z_]+") && sql.regionMatches(true, from, "from", 0, 4)
                            && (from + 4 == sql.length() || !isWordPart(sql.charAt(from + 4)))) {
                        out.append(sql, i, quote).append(field);
                        i = close;
                        continue;
                    }
                }
            }
            out.append(sql.charAt(i));
            i++;
        }
        return out.toString();
    }

    private static int skipSpaces(String sql, int from) {
        int at = from;
        while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
            at++;
        }
        return at;
    }

    /** Rewrites the parsed statement (or its copy) in place of the calls above; positions are kept, so both stay alike. */
    static SqlNode prepare(SqlNode statement, Semantics semantics) {
        return statement.accept(new SqlShuttle() {
            /** current_date, current_timestamp and localtimestamp parse as names when written without parentheses. */
            @Override
            public SqlNode visit(SqlIdentifier id) {
                if (!id.isSimple()) {
                    return id;
                }
                String name = id.getSimple().toLowerCase(Locale.ROOT);
                SqlFunction replacement = NOW_NAMES.contains(name) ? NOW : name.equals("localtimestamp") ? LOCAL_NOW
                        : name.equals("current_date") ? TODAY : null;
                if (replacement != null && semantics == Semantics.SQLITE) {
                    throw new FederationRefusal(name + " is not federated over SQLite shards: SQLite keeps timestamps as text");
                }
                return replacement == null ? id : replacement.createCall(id.getParserPosition());
            }

            @Override
            public SqlNode visit(SqlCall call) {
                String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
                boolean dateTime = name.equals("date_trunc") || name.equals(INTERVAL) || NOW_NAMES.contains(name)
                        || name.equals("localtimestamp") || name.equals("current_date") || call.getKind() == SqlKind.EXTRACT;
                if (dateTime && semantics == Semantics.SQLITE) {
                    throw new FederationRefusal((name.equals("date_part") ? name : call.getKind() == SqlKind.EXTRACT ? "extract"
                            : name.equals(INTERVAL) ? "interval" : name)
                            + " is not federated over SQLite shards: SQLite keeps timestamps as text and has no such function; use"
                            + " SQLite's strftime() in a query the merge answers");
                }
                if ((call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.MINUS) && call.operandCount() == 2) {
                    // Before the operands: an interval left after this is one used as a value.
                    SqlNode interval = interval(call.operand(1));
                    boolean leading = interval == null && call.getKind() == SqlKind.PLUS && interval(call.operand(0)) != null;
                    if (interval != null || leading) {
                        SqlNode timestamp = (leading ? call.operand(1) : call.operand(0)).accept(this);
                        String sign = call.getKind() == SqlKind.PLUS ? "1" : "-1";
                        return PLUS.createCall(call.getParserPosition(), timestamp, leading ? interval(call.operand(0)) : interval,
                                SqlLiteral.createExactNumeric(sign, call.getParserPosition()));
                    }
                }
                SqlNode visited = super.visit(call);
                if (!(visited instanceof SqlCall c)) {
                    return visited;
                }
                if (c.getKind() == SqlKind.EXTRACT && !name.equals("date_part") && c.operand(0) instanceof SqlIntervalQualifier field) {
                    return EXTRACT.createCall(c.getParserPosition(), SqlLiteral.createCharString(fieldName(field), field.getParserPosition()),
                            c.operand(1));
                }
                if (name.equals("date_part") && c.operandCount() == 2 && c.operand(0) instanceof SqlLiteral) {
                    return PART.createCall(c.getParserPosition(), c.getOperandList());
                }
                if (name.equals("date_trunc") && c.operandCount() == 2) {
                    return TRUNC.createCall(c.getParserPosition(), c.getOperandList());
                }
                if (NOW_NAMES.contains(name) && c.operandCount() == 0) {
                    return NOW.createCall(c.getParserPosition());
                }
                if (name.equals("localtimestamp") && c.operandCount() == 0) {
                    return LOCAL_NOW.createCall(c.getParserPosition());
                }
                if (name.equals("current_date") && c.operandCount() == 0) {
                    return TODAY.createCall(c.getParserPosition());
                }
                if (name.equals(INTERVAL)) {
                    // Not added to a timestamp: DateTimePlanner answers it where it is compared with timestamp - timestamp.
                    return INTERVAL_VALUE.createCall(c.getParserPosition(), c.getOperandList());
                }
                return c;
            }
        });
    }

    /** PostgreSQL's name of an extract field as Calcite parsed it. */
    static String fieldName(SqlIntervalQualifier qualifier) {
        if (qualifier.timeFrameName != null) {
            return qualifier.timeFrameName.toLowerCase(Locale.ROOT);
        }
        // Calcite reads extract(epoch …), (dow …) and others as time units; PostgreSQL's names for two of them differ.
        return switch (qualifier.timeUnitRange) {
            case MILLISECOND -> "milliseconds";
            case MICROSECOND -> "microseconds";
            default -> qualifier.timeUnitRange.name().toLowerCase(Locale.ROOT);
        };
    }

    /** True when {@code call} calls {@code function} (by name: the validator may put an equal operator in its place). */
    static boolean is(SqlCall call, SqlFunction function) {
        return call.getOperator().getName().equals(function.getName());
    }

    /** The interval text of {@code reshard_interval('…')}, or null. */
    private static SqlNode interval(SqlNode node) {
        return node instanceof SqlCall call && call.getOperator().getName().equalsIgnoreCase(INTERVAL) && call.operandCount() == 1
                ? call.operand(0) : null;
    }

    private static boolean followedByUnit(String sql, int from) {
        int start = from;
        while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < sql.length() && isWordPart(sql.charAt(end))) {
            end++;
        }
        return UNITS.contains(sql.substring(start, end).toLowerCase(Locale.ROOT));
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static RelDataType dateBecomes(org.apache.calcite.rel.type.RelDataTypeFactory factory, RelDataType type, SqlTypeName result) {
        return type.getSqlTypeName() != SqlTypeName.DATE ? type
                : factory.createTypeWithNullability(factory.createSqlType(result), type.isNullable());
    }

    /** A function typed by {@code returnType} without an operator-table lookup (it is in no table). */
    private static SqlFunction typed(String name, SqlReturnTypeInference returnType) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, returnType, null, OperandTypes.VARIADIC, SqlFunctionCategory.SYSTEM) {
            @Override
            public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
                return SelfTyped.derive(this, validator, scope, call);
            }

            @Override
            public SqlSyntax getSyntax() {
                return SqlSyntax.FUNCTION;
            }
        };
    }
}
