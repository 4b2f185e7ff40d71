package org.reshard.query;

import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Refuses a federated plan whose answer would differ from PostgreSQL's, found by the differential tests: Calcite
 * keeps the input's scale where PostgreSQL widens it (AVG of exact numbers, division of decimals, SUM of bigint),
 * STDDEV/VARIANCE differ in their last digits,
 * and its grouping sets (ROLLUP, CUBE) over the shards' union returned other groups than PostgreSQL. Run on the plan
 * Calcite converts from the statement, before optimisation.
 */
final class ExactnessCheck extends RelVisitor {

    private static final Set<SqlKind> WIDENING = Set.of(SqlKind.AVG, SqlKind.STDDEV_POP, SqlKind.STDDEV_SAMP, SqlKind.VAR_POP, SqlKind.VAR_SAMP);

    static void check(RelNode plan) {
        new ExactnessCheck().go(plan);
    }

    @Override
    public void visit(RelNode other, int ordinal, RelNode parent) {
        if (other instanceof Aggregate aggregate) {
            if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
                throw new FederationRefusal("GROUPING SETS, ROLLUP and CUBE are not answered exactly by the federated engine yet;"
                        + " run one GROUP BY per grouping and combine them with UNION ALL");
            }
            for (AggregateCall call : aggregate.getAggCallList()) {
                SqlKind kind = call.getAggregation().getKind();
                if (kind == SqlKind.STDDEV_POP || kind == SqlKind.STDDEV_SAMP || kind == SqlKind.VAR_POP || kind == SqlKind.VAR_SAMP) {
                    throw new FederationRefusal(call.getAggregation().getName().toLowerCase(java.util.Locale.ROOT) + "() is computed by"
                            + " PostgreSQL with its own algorithm and result scale; the federated engine's answer differs in the last digits");
                }
                if (kind == SqlKind.SUM && call.getArgList().stream().anyMatch(i -> type(aggregate.getInput(), i) == SqlTypeName.BIGINT)) {
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

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                check(subQuery.rel);
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
