package org.reshard.query;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.tools.Program;

/**
 * The functions only a shard computes (the ownership filter, timestamps read as microseconds, {@code ->>} in WHERE)
 * kept out of what Calcite computes itself: Calcite's planner would otherwise merge a filter it must compute (one
 * holding a {@link PgDateTime} function, say) with the shard's projection below it and pick that as the cheaper plan,
 * which then cannot run. This program step replaces Calcite's rules that turn filters, projections and calcs into
 * Calcite's own operators with ones that refuse those holding a shard-only function, so the planner keeps them in the
 * shard's SQL.
 */
final class ShardOnlyFunctions implements Program {

    static final ShardOnlyFunctions INSTANCE = new ShardOnlyFunctions();

    private ShardOnlyFunctions() {
    }

    /** True for an operator with no Java implementation, written into a shard's SQL only. */
    static boolean isShardOnly(SqlOperator operator) {
        return operator instanceof OwnedRowsFunction || operator instanceof EpochMicrosFunction || JsonOperators.isPushed(operator);
    }

    static boolean anyIn(List<RexNode> expressions) {
        for (RexNode expression : expressions) {
            try {
                expression.accept(new RexVisitorImpl<Void>(true) {
                    @Override
                    public Void visitCall(RexCall call) {
                        if (isShardOnly(call.getOperator())) {
                            throw new Found();
                        }
                        return super.visitCall(call);
                    }
                });
            } catch (Found found) {
                return true;
            }
        }
        return false;
    }

    @Override
    public RelNode run(RelOptPlanner planner, RelNode rel, RelTraitSet requiredOutputTraits, List<RelOptMaterialization> materializations,
                       List<RelOptLattice> lattices) {
        replace(planner, EnumerableRules.ENUMERABLE_FILTER_RULE, LogicalFilter.class,
                filter -> !filter.containsOver() && !anyIn(List.of(filter.getCondition())));
        replace(planner, EnumerableRules.ENUMERABLE_PROJECT_RULE, LogicalProject.class,
                project -> !project.containsOver() && !anyIn(project.getProjects()));
        replace(planner, EnumerableRules.ENUMERABLE_CALC_RULE, LogicalCalc.class,
                calc -> !org.apache.calcite.rex.RexOver.containsOver(calc.getProgram()) && !anyIn(calc.getProgram().getExprList()));
        return rel;
    }

    private static <R extends RelNode> void replace(RelOptPlanner planner, ConverterRule rule, Class<R> type,
                                                    java.util.function.Predicate<? super R> accepts) {
        if (!planner.removeRule(rule)) {
            return;
        }
        planner.addRule(new ConverterRule(ConverterRule.Config.INSTANCE.withConversion(type, accepts, Convention.NONE,
                EnumerableConvention.INSTANCE, "ShardOnly" + rule)) {
            @Override
            public RelNode convert(RelNode node) {
                return rule.convert(node);
            }
        });
    }

    /** Ends the walk at the first shard-only call. */
    private static final class Found extends RuntimeException {
        Found() {
            super(null, null, false, false);
        }
    }
}
