package org.reshard.shard;

import java.sql.Connection;
import java.sql.SQLException;
import org.reshard.topology.RoutingHash;
import org.sqlite.Function;
import org.sqlite.core.Codes;

/** Registers {@code reshard_hash(value)} on a SQLite connection: the routing hash of the value's text. */
public sealed class SqliteRoutingFunction extends Function permits SqliteOwnershipFunction {

    public static final String NAME = "reshard_hash";

    private static final byte[] EMPTY = new byte[0];

    SqliteRoutingFunction() {
    }

    /** Makes {@code reshard_hash} callable in SQL on this connection. */
    public static void register(Connection connection) throws SQLException {
        Function.create(connection, NAME, new SqliteRoutingFunction(), 1, Function.FLAG_DETERMINISTIC);
    }

    /**
     * An integer key's decimal digits, written here instead of into a new array per row: SQLite calls one
     * connection's functions on one thread at a time, and each connection registers its own instance.
     */
    private final byte[] digits = new byte[20];

    @Override
    protected void xFunc() throws SQLException {
        if (value_type(0) == Codes.SQLITE_NULL) {
            result();
        } else {
            result(hashOfArgument(0));
        }
    }

    /** The routing hash of a non-NULL argument's text. */
    protected final long hashOfArgument(int index) throws SQLException {
        if (value_type(index) == Codes.SQLITE_INTEGER) {
            int from = writeDecimal(value_long(index), digits);
            return RoutingHash.hash(digits, from, digits.length - from);
        }
        return RoutingHash.hash(textBytes(value_blob(index)));
    }

    /**
     * Writes a long's decimal text ({@link Long#toString(long)}, as SQLite and PostgreSQL render integers)
     * into the end of {@code into}, which must hold 20 bytes, and returns where it starts.
     */
    static int writeDecimal(long value, byte[] into) {
        int at = into.length;
        // Digits are taken from the negative value, as Long.MIN_VALUE has no positive counterpart.
        long rest = value < 0 ? value : -value;
        do {
            into[--at] = (byte) ('0' - rest % 10);
            rest /= 10;
        } while (rest != 0);
        if (value < 0) {
            into[--at] = '-';
        }
        return at;
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
