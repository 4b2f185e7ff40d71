package org.reshard.query;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * A PostgreSQL timestamp column read as its exact microseconds since 1970 (an instant for a timestamp with time zone,
 * a nominal local time for one without), or a date column as its days since 1970: the shard computes it, so no
 * microsecond is lost on the way into Calcite, whose own timestamps hold milliseconds. Like the ownership filter, it
 * has no Java implementation: it runs on a shard.
 */
final class EpochMicrosFunction extends SqlFunction {

    private static final EpochMicrosFunction ZONED = new EpochMicrosFunction("reshard_epoch_micros", DateTimeKind.TIMESTAMPTZ);
    private static final EpochMicrosFunction LOCAL = new EpochMicrosFunction("reshard_epoch_local_micros", DateTimeKind.TIMESTAMP);
    private static final EpochMicrosFunction DAYS = new EpochMicrosFunction("reshard_epoch_days", DateTimeKind.DATE);

    private final DateTimeKind kind;

    private EpochMicrosFunction(String name, DateTimeKind kind) {
        super(name, SqlKind.OTHER_FUNCTION, ReturnTypes.BIGINT.andThen(SqlTypeTransforms.TO_NULLABLE), null, OperandTypes.ANY,
                SqlFunctionCategory.SYSTEM);
        this.kind = kind;
    }

    static EpochMicrosFunction of(DateTimeKind kind) {
        return switch (kind) {
            case TIMESTAMPTZ -> ZONED;
            case TIMESTAMP -> LOCAL;
            case DATE -> DAYS;
            case INTERVAL -> throw new IllegalArgumentException("an interval is never read from a shard as a bigint");
        };
    }

    /**
     * The bigint {@code value} of this function's kind as a PostgreSQL literal of the column's type, so that a shard
     * compares the column itself with it (and can use an index on it) instead of the computed bigint.
     */
    String literal(long value) {
        // java.time's ISO text, which PostgreSQL's input functions read as written.
        return "'" + kind.value(value) + "'::" + kind.pgName();
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        // extract(epoch …) is an exact numeric since PostgreSQL 14; 'infinity' fails the cast on the shard, naming it.
        writer.print(this == DAYS ? "(" : "(extract(epoch from ");
        call.operand(0).unparse(writer, 0, 0);
        writer.print(this == DAYS ? " - date '1970-01-01')::int8" : ") * 1000000)::int8");
        writer.setNeedWhitespace(true);
    }
}
