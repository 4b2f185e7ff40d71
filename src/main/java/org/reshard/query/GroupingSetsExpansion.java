package org.reshard.query;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.util.Optionality;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Replaces GROUPING SETS, ROLLUP and CUBE by the UNION ALL of one plain GROUP BY per grouping set, with NULL for the
 * keys a set leaves out, before Calcite optimises the plan: Calcite 1.42's own
 * grouping-sets aggregate over the shards' union returned a grouped key's value where PostgreSQL returns NULL (the
 * grand total of a ROLLUP came back as one status). Plain GROUP BYs are also what Calcite pushes down to the shards.
 */
final class GroupingSetsExpansion implements Program {

    /**
     * PostgreSQL's {@code GROUPING(keys…)} as an aggregate Calcite validates (its own GROUPING is rejected over keys its
     * lenient GROUP BY reads as plain values); the expansion puts each grouping set's bits in its place.
     */
    static final SqlAggFunction GROUPING = new SqlAggFunction("reshard_grouping", null, SqlKind.OTHER_FUNCTION, ReturnTypes.INTEGER, null,
            OperandTypes.VARIADIC, SqlFunctionCategory.SYSTEM, false, false, Optionality.FORBIDDEN) {
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            return SelfTyped.derive(this, validator, scope, call);
        }
    };

    /** The statement with each {@code GROUPING(…)} written as {@link #GROUPING}. */
    static SqlNode placeGrouping(SqlNode statement) {
        return statement.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode visited = super.visit(call);
                return visited instanceof SqlCall c && c.getOperator().getName().equalsIgnoreCase("grouping") && c.operandCount() > 0
                        ? GROUPING.createCall(c.getParserPosition(), c.getOperandList()) : visited;
            }
        });
    }

    /** This expansion, then Calcite's standard optimisation, which never computes a shard-only function itself. */
    static final Program THEN_STANDARD = Programs.sequence(new GroupingSetsExpansion(), ShardOnlyFunctions.INSTANCE, Programs.standard());

    @Override
    public RelNode run(RelOptPlanner planner, RelNode rel, RelTraitSet requiredOutputTraits, List<RelOptMaterialization> materializations,
                       List<RelOptLattice> lattices) {
        return rel.accept(new Expander());
    }

    private static final class Expander extends RelHomogeneousShuttle {

        @Override
        public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other).accept(new RexShuttle() {
                @Override
                public RexNode visitSubQuery(RexSubQuery subQuery) {
                    return subQuery.clone(subQuery.rel.accept(Expander.this));
                }
            });
            return visited instanceof Aggregate aggregate && (aggregate.getGroupType() != Aggregate.Group.SIMPLE
                    || aggregate.getAggCallList().stream().anyMatch(c -> c.getAggregation() == GROUPING)) ? expand(aggregate) : visited;
        }
    }

    /**
     * A grouping key that the select list names (Calcite's lenient validation reads {@code status} in {@code SELECT status …
     * GROUP BY ROLLUP (status)} as ANY_VALUE(status)): PostgreSQL's key, NULL where the set leaves it out.
     */
    private static boolean isKey(Aggregate aggregate, AggregateCall call) {
        return call.getAggregation().getKind() == SqlKind.ANY_VALUE && call.getArgList().size() == 1 && !call.hasFilter()
                && aggregate.getGroupSet().get(call.getArgList().getFirst());
    }

    /** GROUPING(a, b, …) in one grouping set: a bit per argument, the first the highest, set where the set leaves the key out. */
    private static int groupingBits(Aggregate aggregate, AggregateCall call, ImmutableBitSet set) {
        int bits = 0;
        for (int argument : call.getArgList()) {
            if (!aggregate.getGroupSet().get(argument)) {
                throw new FederationRefusal("arguments to GROUPING must be grouping expressions of the associated query level");
            }
            bits = bits << 1 | (set.get(argument) ? 0 : 1);
        }
        return bits;
    }

    private static RelNode expand(Aggregate aggregate) {
        if (aggregate.getGroupSets().size() != aggregate.getGroupSets().stream().distinct().count()) {
            throw new FederationRefusal("a grouping set listed twice is not answered by the federated engine; list each grouping once");
        }
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(aggregate.getCluster(), null);
        RexBuilder rex = aggregate.getCluster().getRexBuilder();
        List<RelDataTypeField> output = aggregate.getRowType().getFieldList();
        List<Integer> keys = aggregate.getGroupSet().asList();
        for (ImmutableBitSet set : aggregate.getGroupSets()) {
            List<AggregateCall> calls = new ArrayList<>();
            for (AggregateCall call : aggregate.getAggCallList()) {
                SqlKind kind = call.getAggregation().getKind();
                if (kind == SqlKind.GROUP_ID || kind == SqlKind.GROUPING || kind == SqlKind.GROUPING_ID) {
                    // PostgresRewrite refuses these first; Calcite's lenient GROUP BY cannot validate them.
                    throw new FederationRefusal(kind.lowerName + "() is not answered by the federated engine");
                }
                if (!isKey(aggregate, call) && call.getAggregation() != GROUPING) {
                    calls.add(call);
                }
            }
            builder.push(aggregate.getInput()).aggregate(builder.groupKey(set), calls);
            List<RexNode> row = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                int key = keys.get(i);
                row.add(set.get(key) ? rex.ensureType(output.get(i).getType(), builder.field(set.indexOf(key)), true)
                        : rex.makeNullLiteral(output.get(i).getType()));
            }
            int computed = set.cardinality();
            for (int c = 0; c < aggregate.getAggCallList().size(); c++) {
                AggregateCall call = aggregate.getAggCallList().get(c);
                if (call.getAggregation() == GROUPING) {
                    row.add(rex.makeExactLiteral(java.math.BigDecimal.valueOf(groupingBits(aggregate, call, set)), output.get(keys.size() + c).getType()));
                } else if (isKey(aggregate, call)) {
                    int key = call.getArgList().getFirst();
                    row.add(set.get(key) ? rex.ensureType(output.get(keys.size() + c).getType(), builder.field(set.indexOf(key)), true)
                            : rex.makeNullLiteral(output.get(keys.size() + c).getType()));
                } else {
                    row.add(rex.ensureType(output.get(keys.size() + c).getType(), builder.field(computed++), true));
                }
            }
            builder.project(row, aggregate.getRowType().getFieldNames(), true);
        }
        return builder.union(true, aggregate.getGroupSets().size()).build();
    }
}
