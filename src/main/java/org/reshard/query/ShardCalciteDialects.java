package org.reshard.query;

import org.apache.calcite.config.NullCollation;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.reshard.topology.ShardSpec;

/**
 * How Calcite writes SQL for a shard. Window functions always run in Calcite, never on a shard: a window spans
 * rows of every shard, and Calcite 1.42 fails to plan a window it may push into one JDBC source. SQLite gets a
 * dialect of its own: double-quoted names, NULLs first ascending, LIMIT/OFFSET, ILIKE as LIKE of lower().
 */
final class ShardCalciteDialects {

    private ShardCalciteDialects() {
    }

    static SqlDialect of(ShardSpec shard) {
        return shard.isPostgres() ? new Postgres() : new Sqlite();
    }

    private static final class Postgres extends PostgresqlSqlDialect {

        Postgres() {
            super(PostgresqlSqlDialect.DEFAULT_CONTEXT);
        }

        @Override
        public boolean supportsWindowFunctions() {
            return false;
        }

        /**
         * A date or timestamp column read as its bigint and compared with a constant is written as the column compared
         * with a literal of its own type: the same rows, and the shard can use an index on the column.
         */
        @Override
        public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            String operator = COMPARISONS.get(call.getKind());
            if (operator != null && call.operandCount() == 2) {
                for (int side = 0; side < 2; side++) {
                    if (call.operand(side) instanceof SqlCall column && column.getOperator() instanceof EpochMicrosFunction function
                            && call.operand(1 - side) instanceof SqlNumericLiteral number && number.isInteger()) {
                        String literal = function.literal(number.longValue(true));
                        writer.print("(");
                        if (side == 0) {
                            column.operand(0).unparse(writer, 0, 0);
                            writer.print(operator + " " + literal);
                        } else {
                            writer.print(literal + " " + operator + " ");
                            column.operand(0).unparse(writer, 0, 0);
                        }
                        writer.print(")");
                        writer.setNeedWhitespace(true);
                        return;
                    }
                }
            }
            super.unparseCall(writer, call, leftPrec, rightPrec);
        }
    }

    private static final java.util.Map<SqlKind, String> COMPARISONS = java.util.Map.of(SqlKind.EQUALS, "=", SqlKind.NOT_EQUALS, "<>",
            SqlKind.LESS_THAN, "<", SqlKind.LESS_THAN_OR_EQUAL, "<=", SqlKind.GREATER_THAN, ">", SqlKind.GREATER_THAN_OR_EQUAL, ">=");

    private static final class Sqlite extends SqlDialect {

        Sqlite() {
            super(SqlDialect.EMPTY_CONTEXT.withDatabaseProduct(DatabaseProduct.UNKNOWN).withIdentifierQuoteString("\"")
                    .withNullCollation(NullCollation.LOW));
        }

        @Override
        public boolean supportsWindowFunctions() {
            return false;
        }

        @Override
        public void unparseOffsetFetch(SqlWriter writer, SqlNode offset, SqlNode fetch) {
            unparseFetchUsingLimit(writer, offset, fetch);
        }

        /** SQLite has no ILIKE: lower(a) LIKE lower(b), which folds ASCII letters as SQLite's lower() does. */
        @Override
        public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            String name = call.getOperator().getName();
            if (call.getKind() == SqlKind.LIKE && name.contains("ILIKE")) {
                writer.print("(lower(");
                call.operand(0).unparse(writer, 0, 0);
                writer.print(")" + (name.startsWith("NOT") ? " NOT LIKE " : " LIKE ") + "lower(");
                call.operand(1).unparse(writer, 0, 0);
                writer.print("))");
                return;
            }
            super.unparseCall(writer, call, leftPrec, rightPrec);
        }
    }
}
