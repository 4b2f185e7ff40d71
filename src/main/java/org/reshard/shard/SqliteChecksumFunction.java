package org.reshard.shard;

import java.sql.Connection;
import java.sql.SQLException;
import org.reshard.topology.RoutingHash;
import org.sqlite.Function;
import org.sqlite.core.Codes;

/**
 * Registers {@code reshard_checksum(text)} on a SQLite connection: an aggregate summing the routing
 * hashes of its inputs modulo 2^64, so the result does not depend on row order (as PostgreSQL's
 * {@code sum(hashtextextended(…))} does not).
 */
public final class SqliteChecksumFunction extends Function.Aggregate {

    public static final String NAME = "reshard_checksum";

    private long sum;

    public static void register(Connection connection) throws SQLException {
        Function.create(connection, NAME, new SqliteChecksumFunction(), 1, Function.FLAG_DETERMINISTIC);
    }

    @Override
    protected void xStep() throws SQLException {
        if (value_type(0) != Codes.SQLITE_NULL) {
            sum += RoutingHash.hash(SqliteRoutingFunction.textBytes(value_blob(0)));
        }
    }

    @Override
    protected void xFinal() throws SQLException {
        result(sum);
        sum = 0;
    }

    /** SQLite clones the prototype for every group it aggregates. */
    @Override
    public Object clone() throws CloneNotSupportedException {
        SqliteChecksumFunction copy = (SqliteChecksumFunction) super.clone();
        copy.sum = 0;
        return copy;
    }
}
