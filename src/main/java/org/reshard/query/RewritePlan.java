package org.reshard.query;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * What {@link PostgresRewrite} does with one call of a statement, decided from the types a validation of the statement
 * found: PostgreSQL's numeric AVG, SUM, division and variance, SQLite's floating-point forms on SQLite shards, or a refusal.
 */
sealed interface RewritePlan {

    /** AVG of integers or numerics on PostgreSQL: the numeric division of their sum by their count. */
    record NumericAvg(boolean integers) implements RewritePlan {
    }

    /** AVG of integers or numerics on SQLite shards: SQLite's floating-point AVG. */
    record FloatAvg() implements RewritePlan {
    }

    /** array_agg of a value that may be NULL: Calcite's array_agg of a one-field row of it, which keeps the NULLs. */
    record NullableArrayAgg() implements RewritePlan {
    }

    /** SUM of a bigint on PostgreSQL: a numeric sum. */
    record NumericSum() implements RewritePlan {
    }

    /** var_pop, var_samp, stddev_pop, stddev_samp ({@code kind} 0 to 3) of integers or numerics, or of the doubles of SQLite shards. */
    record Variance(int kind, boolean integers, boolean floating) implements RewritePlan {
    }

    /** What cannot be answered as PostgreSQL answers it, refused with the reason. */
    record Refuse(String reason) implements RewritePlan {
    }

    /** A division with a numeric operand on SQLite shards, where the numeric is a REAL: SQLite's floating-point division. */
    record FloatDivide() implements RewritePlan {
    }

    /** A division of numerics on PostgreSQL; which operands are integers to widen. */
    record NumericDivide(boolean leftInteger, boolean rightInteger) implements RewritePlan {
    }

    /** What to do with {@code call} of the validated statement, or null to leave it as it is. */
    static RewritePlan of(SqlCall call, SqlValidator validator, Semantics semantics) {
        boolean postgres = semantics == Semantics.POSTGRES;
        SqlKind kind = call.getKind();
        switch (kind) {
            case AVG, SUM, STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP -> {
                if (call.operandCount() != 1) {
                    return null;
                }
                RelDataType argument = validator.getValidatedNodeTypeIfKnown(call.operand(0));
                if (argument == null) {
                    return null;
                }
                SqlTypeName type = argument.getSqlTypeName();
                boolean integers = SqlTypeName.INT_TYPES.contains(type);
                boolean exact = integers || type == SqlTypeName.DECIMAL;
                boolean floating = type == SqlTypeName.DOUBLE || type == SqlTypeName.REAL || type == SqlTypeName.FLOAT;
                return switch (kind) {
                    case AVG -> !exact ? null : postgres ? new NumericAvg(integers) : new FloatAvg();
                    case SUM -> postgres && type == SqlTypeName.BIGINT ? new NumericSum() : null;
                    default -> exact || floating && !postgres ? new Variance(varianceKind(kind), integers, floating)
                            : floating ? new Refuse(call.getOperator().getName().toLowerCase(java.util.Locale.ROOT) + "() of double precision"
                            + " values depends on the order PostgreSQL reads the rows in (floating-point rounding), which the shards cannot"
                            + " reproduce; use numeric (x::numeric) for PostgreSQL's exact numeric answer") : null;
                };
            }
            case ARRAY_AGG -> {
                RelDataType argument = call.operandCount() == 1 ? validator.getValidatedNodeTypeIfKnown(call.operand(0)) : null;
                if (argument == null && validator.getValidatedNodeTypeIfKnown(call) instanceof RelDataType array) {
                    // Under WITHIN GROUP the argument's own type is not recorded; the array's element type carries its nullability.
                    argument = array.getComponentType();
                }
                if (argument == null || !argument.isNullable()) {
                    return null;
                }
                return call.getFunctionQuantifier() == null ? new NullableArrayAgg() : new Refuse("array_agg(DISTINCT …) of a column"
                        + " that may be NULL is not federated: Apache Calcite leaves the NULLs out where PostgreSQL keeps one; aggregate"
                        + " DISTINCT coalesce(x, …) or a NOT NULL column");
            }
            case DIVIDE -> {
                RelDataType result = validator.getValidatedNodeTypeIfKnown(call);
                if (result == null || result.getSqlTypeName() != SqlTypeName.DECIMAL) {
                    return null;
                }
                if (!postgres) {
                    return new FloatDivide();
                }
                return new NumericDivide(isInteger(validator, call.operand(0)), isInteger(validator, call.operand(1)));
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isInteger(SqlValidator validator, SqlNode node) {
        RelDataType type = validator.getValidatedNodeTypeIfKnown(node);
        return type == null || type.getSqlTypeName().getFamily() != SqlTypeFamily.NUMERIC || SqlTypeName.INT_TYPES.contains(type.getSqlTypeName());
    }

    private static int varianceKind(SqlKind kind) {
        return switch (kind) {
            case VAR_POP -> 0;
            case VAR_SAMP -> 1;
            case STDDEV_POP -> 2;
            default -> 3;
        };
    }
}
