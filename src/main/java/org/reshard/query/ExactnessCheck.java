package org.reshard.query;

import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Refuses a federated plan whose answer would differ from PostgreSQL's. {@link PostgresRewrite} replaces AVG, division
 * of numerics, SUM of a bigint and the variance family of exact numbers by PostgreSQL's own arithmetic; what reaches this
 * check still in Calcite's form (the variance of doubles, whose last digits depend on PostgreSQL's scan order, or a form
 * the rewrite did not recognise) is refused. Run on the plan Calcite converts from the statement, before optimisation.
 */
final class ExactnessCheck extends RelVisitor {

    private static final Set<SqlKind> WIDENING = Set.of(SqlKind.AVG);

    private final Semantics semantics;

    private ExactnessCheck(Semantics semantics) {
        this.semantics = semantics;
    }

    /** Throws {@link FederationRefusal} when the plan would answer otherwise than PostgreSQL (or SQLite, on SQLite shards). */
    static void check(RelNode plan, Semantics semantics) {
        for (var field : plan.getRowType().getFieldList()) {
            SqlTypeFamily family = field.getType().getSqlTypeName().getFamily();
            if (family == SqlTypeFamily.TIMESTAMP || family == SqlTypeFamily.TIME || family == SqlTypeFamily.DATETIME
                    || family == SqlTypeFamily.INTERVAL_DAY_TIME || family == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
                throw new FederationRefusal("column " + field.getName() + " is a " + field.getType().getSqlTypeName().getName().toLowerCase(
                        java.util.Locale.ROOT).replace('_', ' ') + ", which the federated engine (Apache Calcite) holds to the millisecond and"
                        + " without PostgreSQL's time zone: microseconds and offsets would be lost — select it in a query the merge answers,"
                        + " or compare it in WHERE only");
            }
        }
        new ExactnessCheck(semantics).go(plan);
    }

    @Override
    public void visit(RelNode other, int ordinal, RelNode parent) {
        if (other instanceof Aggregate aggregate) {
            for (AggregateCall call : aggregate.getAggCallList()) {
                SqlKind kind = call.getAggregation().getKind();
                if (kind == SqlKind.STDDEV_POP || kind == SqlKind.STDDEV_SAMP || kind == SqlKind.VAR_POP || kind == SqlKind.VAR_SAMP) {
                    throw new FederationRefusal(call.getAggregation().getName().toLowerCase(java.util.Locale.ROOT) + "() of double precision"
                            + " values depends on the order PostgreSQL reads the rows in (floating-point rounding), which the shards cannot"
                            + " reproduce; use numeric (x::numeric) for PostgreSQL's exact numeric answer");
                }
                if (kind == SqlKind.SUM && semantics == Semantics.POSTGRES && call.getArgList().stream().anyMatch(i -> type(aggregate.getInput(), i) == SqlTypeName.BIGINT)) {
                    throw new FederationRefusal("sum() of a bigint is a numeric in PostgreSQL, which the federated engine does not"
                            + " reproduce; cast the argument (sum(x::numeric)) for an exact numeric sum");
                }
                if (WIDENING.contains(call.getAggregation().getKind()) && exact(aggregate.getInput(), call)) {
                    throw new FederationRefusal(call.getAggregation().getName().toLowerCase(java.util.Locale.ROOT)
                            + "() of an integer or numeric column has PostgreSQL's own result scale, which the federated engine does not"
                            + " reproduce; cast the argument to double precision (x::float8) for a floating-point answer");
                }
            }
        }
        other.accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (call.getKind() == SqlKind.DIVIDE && call.getType().getSqlTypeName() == SqlTypeName.DECIMAL) {
                    throw new FederationRefusal("division of numeric values (" + call + ") has PostgreSQL's own result scale, which the"
                            + " federated engine does not reproduce; cast to double precision (::float8) or round in the statement");
                }
                return super.visitCall(call);
            }

            /** The same aggregates as windows (Calcite keeps them as OVER calls in a projection until it plans them). */
            @Override
            public RexNode visitOver(RexOver over) {
                SqlKind kind = over.getOperator().getKind();
                SqlTypeName argument = over.getOperands().isEmpty() ? null : over.getOperands().getFirst().getType().getSqlTypeName();
                boolean exact = argument != null && argument.getFamily() == SqlTypeFamily.NUMERIC && argument != SqlTypeName.DOUBLE
                        && argument != SqlTypeName.REAL && argument != SqlTypeName.FLOAT;
                if (kind == SqlKind.AVG && exact || kind == SqlKind.SUM && argument == SqlTypeName.BIGINT && semantics == Semantics.POSTGRES
                        || kind == SqlKind.STDDEV_POP || kind == SqlKind.STDDEV_SAMP || kind == SqlKind.VAR_POP || kind == SqlKind.VAR_SAMP) {
                    throw new FederationRefusal(over.getOperator().getName().toLowerCase(java.util.Locale.ROOT) + "() OVER (…) of " + argument
                            + " values has PostgreSQL's own result type and scale, which the federated engine does not reproduce in this form");
                }
                return super.visitOver(over);
            }

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                check(subQuery.rel, semantics);
                return super.visitSubQuery(subQuery);
            }
        });
        super.visit(other, ordinal, parent);
    }

    private static SqlTypeName type(RelNode input, int field) {
        return input.getRowType().getFieldList().get(field).getType().getSqlTypeName();
    }

    private static boolean exact(RelNode input, AggregateCall call) {
        return call.getArgList().stream().anyMatch(i -> {
            SqlTypeName type = input.getRowType().getFieldList().get(i).getType().getSqlTypeName();
            return type.getFamily() == SqlTypeFamily.NUMERIC && type != SqlTypeName.DOUBLE && type != SqlTypeName.REAL
                    && type != SqlTypeName.FLOAT;
        });
    }
}
