package org.reshard.shard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.reshard.topology.HashRange;
import org.sqlite.Function;

/**
 * Registers {@code reshard_owned(value, ranges)} on a SQLite connection: 1 when the value's routing hash falls
 * in one of the ranges, written as {@code from:to,from:to} in hash order; NULL for a NULL value. One call per
 * row, hash included, instead of one {@code reshard_hash(...) BETWEEN} per range, which a ring's hundred
 * ranges per shard would make slow (each user function call crosses from SQLite into Java).
 */
public final class SqliteOwnershipFunction extends SqliteRoutingFunction {

    public static final String NAME = "reshard_owned";

    // The ranges text is the same for every row of a statement, so one parsed copy is kept per connection.
    private String parsedText;
    private long[] starts = new long[0];
    private long[] ends = new long[0];

    /** Makes {@code reshard_owned} callable in SQL on this connection. */
    public static void register(Connection connection) throws SQLException {
        Function.create(connection, NAME, new SqliteOwnershipFunction(), 2, Function.FLAG_DETERMINISTIC);
    }

    /** The second argument for these ranges, sorted and in the function's format. */
    public static String rangesText(java.util.List<HashRange> ranges) {
        StringBuilder text = new StringBuilder();
        ranges.stream().sorted().forEach(r -> text.append(text.isEmpty() ? "" : ",").append(r.from()).append(':').append(r.to()));
        return text.toString();
    }

    @Override
    protected void xFunc() throws SQLException {
        if (value_type(0) == org.sqlite.core.Codes.SQLITE_NULL) {
            result();
            return;
        }
        String text = value_text(1);
        if (!text.equals(parsedText)) {
            parse(text);
        }
        long hash = hashOfArgument(0);
        int at = Arrays.binarySearch(starts, hash);
        int range = at >= 0 ? at : -at - 2;
        result(range >= 0 && hash <= ends[range] ? 1 : 0);
    }

    private void parse(String text) throws SQLException {
        String[] parts = text.isEmpty() ? new String[0] : text.split(",");
        long[] newStarts = new long[parts.length];
        long[] newEnds = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                int colon = parts[i].indexOf(':', 1);
                newStarts[i] = Long.parseLong(parts[i].substring(0, colon));
                newEnds[i] = Long.parseLong(parts[i].substring(colon + 1));
            }
        } catch (RuntimeException e) {
            throw new SQLException(NAME + ": the ranges must read from:to,from:to in hash order, got " + text);
        }
        starts = newStarts;
        ends = newEnds;
        parsedText = text;
    }
}
