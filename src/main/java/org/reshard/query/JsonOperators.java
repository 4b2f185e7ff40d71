package org.reshard.query;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's {@code jsonb ->> key}, which Calcite cannot parse: the statement's {@code column ->> 'key'} (or
 * {@code ->> 2} for an array element) becomes {@code reshard_json_text(column, 'key')} before parsing, a function
 * ({@link PgFunctions#jsonText}) computed in Calcite on the document's text as PostgreSQL's jsonb operator computes it.
 * In a WHERE clause it becomes {@link #PUSHED} instead, which the shard computes: Calcite merges a filter it must compute
 * itself with the ownership filter, which only a shard can compute.
 */
final class JsonOperators {

    /** {@code x ->> 'key'} or {@code x ->> 2} with x a column, possibly qualified or quoted. */
    private static final Pattern TEXT = Pattern.compile(
            "((?:\"[^\"]+\"|[A-Za-z_][A-Za-z_0-9]*)(?:\\s*\\.\\s*(?:\"[^\"]+\"|[A-Za-z_][A-Za-z_0-9]*))*)\\s*->>\\s*('(?:[^']|'')*'|\\d+)");

    static final String FUNCTION = "reshard_json_text";
    static final String ELEMENT_FUNCTION = "reshard_json_element_text";

    /** {@code x ->> key} written into the shard's SQL as it is; no Java implementation, so only where a shard runs it. */
    static final SqlFunction PUSHED = new SqlFunction("reshard_json_text_on_shard", SqlKind.OTHER_FUNCTION,
            ReturnTypes.VARCHAR.andThen(SqlTypeTransforms.FORCE_NULLABLE), null, OperandTypes.ANY_ANY, SqlFunctionCategory.SYSTEM) {
        /** Typed as is: a SqlFunction would otherwise look itself up by name in the operator table, where it is not. */
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                validator.deriveType(scope, operand);
            }
            return validateOperands(validator, scope, call);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            writer.print("(");
            call.operand(0).unparse(writer, 0, 0);
            writer.print(" ->> ");
            call.operand(1).unparse(writer, 0, 0);
            writer.print(")");
            writer.setNeedWhitespace(true);
        }
    };

    /** Puts {@link #PUSHED} in place of the function in every WHERE clause of the statement, in place. */
    static void pushWhereClauses(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getWhere() != null) {
                    select.setWhere(select.getWhere().accept(new SqlShuttle() {
                        @Override
                        public SqlNode visit(SqlCall inner) {
                            if (inner instanceof SqlSelect) {
                                return inner;
                            }
                            SqlNode visited = super.visit(inner);
                            return visited instanceof SqlCall c && c.getOperator().getName().equalsIgnoreCase(FUNCTION) && c.operandCount() == 2
                                    ? PUSHED.createCall(c.getParserPosition(), c.operand(0), c.operand(1)) : visited;
                        }
                    }));
                }
                return super.visit(call);
            }
        });
    }

    private JsonOperators() {
    }

    /** The statement with each {@code column ->> key} written as a call Calcite can parse. */
    static String rewrite(String sql) {
        if (!sql.contains("->>")) {
            return sql;
        }
        Matcher m = TEXT.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String function = m.group(2).startsWith("'") ? FUNCTION : ELEMENT_FUNCTION;
            m.appendReplacement(out, Matcher.quoteReplacement(function + "(" + m.group(1) + ", " + m.group(2) + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
