package org.reshard.query;

import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlMonotonicBinaryOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's {@code date ± integer} (a date), {@code date - date} (an integer: the days between) and
 * {@code timestamp - timestamp} (an interval), which Calcite's {@code +} and {@code -} do not type. In the copy of a
 * statement that is validated with its dates and timestamps typed as such, {@code +} and {@code -} become operators that
 * type these forms as PostgreSQL does and every other form exactly as Calcite's own operators; {@link DateTimePlanner}
 * then runs them on the day numbers and microseconds the federated engine holds.
 */
final class DateArithmetic {

    static final SqlBinaryOperator PLUS = operator(SqlStdOperatorTable.PLUS);
    static final SqlBinaryOperator MINUS = operator(SqlStdOperatorTable.MINUS);
    private static final Set<SqlTypeName> DATE_TIMES = Set.of(SqlTypeName.DATE, SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    private DateArithmetic() {
    }

    /** The validation copy with Calcite's {@code +} and {@code -} replaced by the date-aware ones (positions kept). */
    static SqlNode typed(SqlNode statement) {
        return statement.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlCall visited = (SqlCall) super.visit(call);
                SqlOperator replacement = visited.getOperator() == SqlStdOperatorTable.PLUS ? PLUS
                        : visited.getOperator() == SqlStdOperatorTable.MINUS ? MINUS : null;
                return replacement == null ? visited : replacement.createCall(visited.getFunctionQuantifier(), visited.getParserPosition(),
                        visited.getOperandList().toArray(SqlNode[]::new));
            }
        });
    }

    /**
     * Whether {@code left op right} is one of PostgreSQL's date and timestamp forms: date ± int4/int2, int + date, date - date, or
     * timestamp - timestamp (an interval; a date or a timestamp of the other kind converted first).
     */
    static boolean isDateTimeForm(SqlKind kind, RelDataType left, RelDataType right) {
        boolean leftDate = left.getSqlTypeName() == SqlTypeName.DATE;
        boolean rightDate = right.getSqlTypeName() == SqlTypeName.DATE;
        return switch (kind) {
            case PLUS -> leftDate && isInt4(right) || isInt4(left) && rightDate;
            case MINUS -> leftDate && (isInt4(right) || rightDate) || isTimestampPair(left, right);
            default -> false;
        };
    }

    // Two dates, timestamps or timestamptz, not both dates (date - date is an integer): PostgreSQL converts the one its
    // preference ranks lower, as in a comparison, and subtracts timestamps.
    private static boolean isTimestampPair(RelDataType left, RelDataType right) {
        return DATE_TIMES.contains(left.getSqlTypeName()) && DATE_TIMES.contains(right.getSqlTypeName())
                && !(left.getSqlTypeName() == SqlTypeName.DATE && right.getSqlTypeName() == SqlTypeName.DATE);
    }

    // PostgreSQL has date + int4 (and int2 through its cast), not date + int8.
    private static boolean isInt4(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        return name == SqlTypeName.INTEGER || name == SqlTypeName.SMALLINT || name == SqlTypeName.TINYINT;
    }

    private static SqlBinaryOperator operator(SqlBinaryOperator standard) {
        SqlOperandTypeChecker standardChecker = standard.getOperandTypeChecker();
        SqlOperandTypeChecker dateForms = new SqlOperandTypeChecker() {
            @Override
            public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
                return isDateTimeForm(standard.getKind(), binding.getOperandType(0), binding.getOperandType(1))
                        || standardChecker.checkOperandTypes(binding, throwOnFailure);
            }

            @Override
            public SqlOperandCountRange getOperandCountRange() {
                return standardChecker.getOperandCountRange();
            }

            @Override
            public String getAllowedSignatures(SqlOperator op, String opName) {
                return standardChecker.getAllowedSignatures(op, opName);
            }
        };
        return new SqlMonotonicBinaryOperator(standard.getName(), standard.getKind(), standard.getLeftPrec(), true,
                DateArithmetic::dateFormType, InferTypes.FIRST_KNOWN, dateForms) {
            /**
             * Calcite's own derivation looks the operator up by name, which would put the standard one back: a date form
             * is typed here, every other form by the standard operator, as if this one had never been there.
             */
            @Override
            public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
                RelDataType left = validator.deriveType(scope, call.operand(0));
                RelDataType right = validator.deriveType(scope, call.operand(1));
                if (!isDateTimeForm(getKind(), left, right)) {
                    ((SqlBasicCall) call).setOperator(standard);
                    return standard.deriveType(validator, scope, call);
                }
                return validateOperands(validator, scope, call);
            }
        };
    }

    private static RelDataType dateFormType(SqlOperatorBinding binding) {
        RelDataType left = binding.getOperandType(0);
        RelDataType right = binding.getOperandType(1);
        RelDataTypeFactory types = binding.getTypeFactory();
        boolean bothDates = left.getSqlTypeName() == SqlTypeName.DATE && right.getSqlTypeName() == SqlTypeName.DATE;
        RelDataType result = isTimestampPair(left, right) ? interval(types)
                : types.createSqlType(bothDates ? SqlTypeName.INTEGER : SqlTypeName.DATE);
        return types.createTypeWithNullability(result, left.isNullable() || right.isNullable());
    }

    /** The type an interval is validated with: Calcite's day-to-second interval, which DateTimeKind reads as INTERVAL. */
    static RelDataType interval(RelDataTypeFactory types) {
        return types.createSqlIntervalType(new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO));
    }
}
