package org.reshard.query;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Works around a Calcite 1.42 failure: its lenient GROUP BY check walks a searched {@code CASE WHEN … END} in a grouped
 * select list into the CASE's missing value and fails (NullPointerException), whether the GROUP BY names the CASE by
 * alias, by position or in full. {@code CASE TRUE WHEN c THEN …} means the same (a NULL condition is not TRUE either way)
 * and has a value, so the CASE of a grouped select list is given one, in place.
 */
final class GroupedCase {

    private GroupedCase() {
    }

    /** Gives every searched CASE in the select list of a grouped SELECT the value TRUE. */
    static void fix(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getGroup() != null) {
                    select.getSelectList().accept(new SqlBasicVisitor<Void>() {
                        @Override
                        public Void visit(SqlCall inner) {
                            if (inner instanceof SqlCase searched && searched.getValueOperand() == null) {
                                searched.setOperand(0, SqlLiteral.createBoolean(true, searched.getParserPosition()));
                            }
                            return inner instanceof SqlSelect ? null : super.visit(inner);
                        }
                    });
                }
                return super.visit(call);
            }
        });
    }
}
