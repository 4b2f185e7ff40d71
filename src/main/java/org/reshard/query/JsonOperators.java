package org.reshard.query;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's jsonb operators, which Calcite cannot parse: a column followed by {@code -> key}, {@code ->> key},
 * {@code #> '{path}'}, {@code #>> '{path}'} and {@code @> '{…}'} steps becomes nested calls of {@link PgJson}'s functions
 * before parsing ({@code payload -> 'a' ->> 'b'} is {@code reshard_json_text(reshard_json_get(payload, 'a'), 'b')}),
 * computed in Calcite on the document's text as jsonb computes them. In a WHERE clause they become {@link #pushed}
 * functions instead, which each shard computes as PostgreSQL's own operators: Calcite merges a filter it must compute
 * itself with the ownership filter, which only a shard can compute.
 */
final class JsonOperators {

    private static final String NAME = "(?:\"[^\"]+\"|[A-Za-z_][A-Za-z_0-9]*)";
    private static final String STEP = "\\s*(?:->>|->|#>>|#>|@>)\\s*(?:'(?:[^']|'')*'|\\d+)";
    /** A column, possibly qualified or quoted, and its operator steps. */
    private static final Pattern CHAIN = Pattern.compile("(" + NAME + "(?:\\s*\\.\\s*" + NAME + ")*)((?:" + STEP + ")+)");
    private static final Pattern ONE_STEP = Pattern.compile("\\s*(->>|->|#>>|#>|@>)\\s*('(?:[^']|'')*'|\\d+)");

    static final String FUNCTION = "reshard_json_text";
    static final String ELEMENT_FUNCTION = "reshard_json_element_text";
    static final String GET_FUNCTION = "reshard_json_get";
    static final String ELEMENT_GET_FUNCTION = "reshard_json_element_get";
    static final String PATH_FUNCTION = "reshard_json_path";
    static final String PATH_TEXT_FUNCTION = "reshard_json_path_text";
    static final String CONTAINS_FUNCTION = "reshard_json_contains";

    /** PostgreSQL's operator of each function, as a shard runs it. */
    private static final Map<String, String> OPERATORS = Map.of(FUNCTION, "->>", ELEMENT_FUNCTION, "->>", GET_FUNCTION, "->",
            ELEMENT_GET_FUNCTION, "->", PATH_FUNCTION, "#>", PATH_TEXT_FUNCTION, "#>>", CONTAINS_FUNCTION, "@>");
    /** The operators SQLite's JSON functions do not have. */
    private static final java.util.Set<String> POSTGRES_ONLY = java.util.Set.of(PATH_FUNCTION, PATH_TEXT_FUNCTION, CONTAINS_FUNCTION);

    private static final Map<String, SqlFunction> PUSHED = Map.of(
            FUNCTION, pushed(FUNCTION, ReturnTypes.VARCHAR), ELEMENT_FUNCTION, pushed(ELEMENT_FUNCTION, ReturnTypes.VARCHAR),
            GET_FUNCTION, pushed(GET_FUNCTION, ReturnTypes.VARCHAR), ELEMENT_GET_FUNCTION, pushed(ELEMENT_GET_FUNCTION, ReturnTypes.VARCHAR),
            PATH_FUNCTION, pushed(PATH_FUNCTION, ReturnTypes.VARCHAR), PATH_TEXT_FUNCTION, pushed(PATH_TEXT_FUNCTION, ReturnTypes.VARCHAR),
            CONTAINS_FUNCTION, pushed(CONTAINS_FUNCTION, ReturnTypes.BOOLEAN));

    private JsonOperators() {
    }

    /** True for a function written into a shard's SQL as PostgreSQL's jsonb operator; it has no Java implementation. */
    static boolean isPushed(SqlOperator operator) {
        return operator instanceof SqlFunction f && PUSHED.get(f.getName().replace("_on_shard", "")) == f;
    }

    /** x op key as the shard runs it; no Java implementation, so only where a shard runs it. */
    private static SqlFunction pushed(String function, SqlReturnTypeInference type) {
        String operator = OPERATORS.get(function);
        return new SqlFunction(function + "_on_shard", SqlKind.OTHER_FUNCTION, type.andThen(SqlTypeTransforms.FORCE_NULLABLE), null,
                OperandTypes.ANY_ANY, SqlFunctionCategory.SYSTEM) {
            @Override
            public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
                return SelfTyped.derive(this, validator, scope, call);
            }

            @Override
            public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
                writer.print("(");
                call.operand(0).unparse(writer, 0, 0);
                writer.print(" " + operator + " ");
                call.operand(1).unparse(writer, 0, 0);
                writer.print(")");
                writer.setNeedWhitespace(true);
            }
        };
    }

    /** Puts the pushed functions in place of the operators' functions in every WHERE clause of the statement, in place. */
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
                            SqlFunction pushed = visited instanceof SqlCall c && c.operandCount() == 2
                                    ? PUSHED.get(c.getOperator().getName().toLowerCase(java.util.Locale.ROOT)) : null;
                            return pushed == null ? visited : pushed.createCall(visited.getParserPosition(), ((SqlCall) visited).operand(0),
                                    ((SqlCall) visited).operand(1));
                        }
                    }));
                }
                return super.visit(call);
            }
        });
    }

    /** The statement with each column's jsonb operator steps written as calls Calcite can parse. */
    static String rewrite(String sql) {
        if (!sql.contains("->") && !sql.contains("#>") && !sql.contains("@>")) {
            return sql;
        }
        Matcher m = CHAIN.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expression = m.group(1);
            Matcher step = ONE_STEP.matcher(m.group(2));
            while (step.find()) {
                boolean index = !step.group(2).startsWith("'");
                String function = switch (step.group(1)) {
                    case "->>" -> index ? ELEMENT_FUNCTION : FUNCTION;
                    case "->" -> index ? ELEMENT_GET_FUNCTION : GET_FUNCTION;
                    case "#>" -> PATH_FUNCTION;
                    case "#>>" -> PATH_TEXT_FUNCTION;
                    default -> CONTAINS_FUNCTION;
                };
                expression = function + "(" + expression + ", " + step.group(2) + ")";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(expression));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Refuses the operators SQLite's JSON functions lack, on SQLite shards. */
    static void checkSqlite(String sql) {
        for (String function : POSTGRES_ONLY) {
            if (sql.contains(function + "(")) {
                throw new FederationRefusal(OPERATORS.get(function) + " is PostgreSQL's jsonb operator; SQLite's JSON has none, so it is not"
                        + " federated over SQLite shards");
            }
        }
    }
}
