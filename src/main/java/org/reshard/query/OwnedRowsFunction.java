package org.reshard.query;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.reshard.shard.SqlDialect;
import org.reshard.topology.HashRange;

/**
 * The ownership filter of one shard as a Calcite function of the shard key: Calcite's JDBC adapter pushes it into
 * the shard's SQL, where it prints as the shard's own {@link SqlDialect#ownedBy} condition, so a federated scan reads
 * only the rows that shard owns. It has no Java implementation on purpose: it only ever runs inside the shard.
 */
final class OwnedRowsFunction extends SqlFunction {

    private final SqlDialect dialect;
    private final List<HashRange> ranges;

    /** The name is unique per shard: Calcite treats operators with equal names as the same one. */
    OwnedRowsFunction(int shardIndex, SqlDialect dialect, List<HashRange> ranges) {
        super("reshard_owned_by_shard_" + shardIndex, SqlKind.OTHER_FUNCTION, ReturnTypes.BOOLEAN_NOT_NULL, null, OperandTypes.ANY,
                SqlFunctionCategory.SYSTEM);
        this.dialect = dialect;
        this.ranges = List.copyOf(ranges);
    }

    /** The condition as the shard runs it, for the given (already quoted) column text. */
    String condition(String column) {
        return dialect.ownedBy(column, ranges);
    }

    /** True when {@code sql} carries this shard's condition: every part of it that does not name the column. */
    boolean appearsIn(String sql) {
        for (String part : condition("\u0000").split("\u0000")) {
            if (!sql.contains(part)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        String column = call.operand(0).toSqlString(writer.getDialect()).getSql();
        writer.print(condition(column));
        writer.setNeedWhitespace(true);
    }
}
