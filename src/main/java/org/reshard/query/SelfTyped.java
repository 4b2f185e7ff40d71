package org.reshard.query;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * The type of a call of one of reshard's own Calcite functions, from the function's return-type inference: Calcite's
 * functions otherwise look themselves up by name in the operator table, where these are not.
 */
final class SelfTyped {

    private SelfTyped() {
    }

    static RelDataType derive(SqlOperator operator, SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
        for (SqlNode operand : call.getOperandList()) {
            validator.deriveType(scope, operand);
        }
        return operator.validateOperands(validator, scope, call);
    }
}
