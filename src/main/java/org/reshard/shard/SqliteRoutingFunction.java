package org.reshard.shard;

import java.sql.Connection;
import java.sql.SQLException;
import org.reshard.topology.RoutingHash;
import org.sqlite.Function;
import org.sqlite.core.Codes;

/** Registers {@code reshard_hash(value)} on a SQLite connection: the routing hash of the value's text. */
public final class SqliteRoutingFunction extends Function {

    public static final String NAME = "reshard_hash";

    private static final byte[] EMPTY = new byte[0];

    /** Makes {@code reshard_hash} callable in SQL on this connection. */
    public static void register(Connection connection) throws SQLException {
        Function.create(connection, NAME, new SqliteRoutingFunction(), 1, Function.FLAG_DETERMINISTIC);
    }

    @Override
    protected void xFunc() throws SQLException {
        if (value_type(0) == Codes.SQLITE_NULL) {
            result();
        } else {
            result(RoutingHash.hash(textBytes(value_blob(0))));
        }
    }

    /**
     * The UTF-8 text of a value that {@code value_blob} returned: SQLite renders integers as text the way
     * PostgreSQL's {@code ::text} does, so both hash "42" alike. Reading the bytes, not a String, saves
     * decoding every row's key only to encode it again; an empty text comes back as null.
     */
    static byte[] textBytes(byte[] blob) {
        return blob == null ? EMPTY : blob;
    }
}
