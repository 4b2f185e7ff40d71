package org.reshard.shard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reshard.topology.HashRange;
import org.sqlite.Function;
import org.sqlite.core.Codes;

/**
 * Registers {@code reshard_owned(value, ranges)} on a SQLite connection: 1 when the value's routing hash falls
 * in one of the ranges, 0 when not, NULL for a NULL value. One call per row, hash included, instead of one
 * {@code reshard_hash(...) BETWEEN} per range, which a ring's hundred ranges per shard would make slow (each
 * user function call crosses from SQLite into Java).
 *
 * <p>{@code ranges} is either the text {@code from:to,from:to} in hash order, or the integer that
 * {@link #rangeSetId} gave those ranges in this JVM: an integer argument costs nothing per row, while a
 * text one becomes a new Java string on every row (4 KB for a ring shard's ranges).
 */
public final class SqliteOwnershipFunction extends SqliteRoutingFunction {

    public static final String NAME = "reshard_owned";

    private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final List<RangeSet> SETS = new ArrayList<>();

    /** Sorted range starts and their ends. */
    private record RangeSet(long[] starts, long[] ends) {

        boolean contains(long hash) {
            int at = Arrays.binarySearch(starts, hash);
            int range = at >= 0 ? at : -at - 2;
            return range >= 0 && hash <= ends[range];
        }
    }

    // The argument is the same for every row of a statement, so the set it names is kept per connection.
    private String parsedText;
    private long parsedId = -1;
    private RangeSet ranges = new RangeSet(new long[0], new long[0]);

    /** Makes {@code reshard_owned} callable in SQL on this connection. */
    public static void register(Connection connection) throws SQLException {
        Function.create(connection, NAME, new SqliteOwnershipFunction(), 2, Function.FLAG_DETERMINISTIC);
    }

    /** The ranges in the function's text form, sorted. */
    public static String rangesText(List<HashRange> ranges) {
        StringBuilder text = new StringBuilder();
        ranges.stream().sorted().forEach(r -> text.append(text.isEmpty() ? "" : ",").append(r.from()).append(':').append(r.to()));
        return text.toString();
    }

    /** The integer that stands for these ranges as the function's second argument, in this JVM. */
    public static int rangeSetId(List<HashRange> ranges) {
        String text = rangesText(ranges);
        return IDS.computeIfAbsent(text, key -> {
            synchronized (SETS) {
                SETS.add(parse(key));
                return SETS.size() - 1;
            }
        });
    }

    @Override
    protected void xFunc() throws SQLException {
        if (value_type(0) == Codes.SQLITE_NULL) {
            result();
            return;
        }
        if (value_type(1) == Codes.SQLITE_INTEGER) {
            long id = value_long(1);
            if (id != parsedId) {
                ranges = registered(id);
                parsedId = id;
                parsedText = null;
            }
        } else {
            String text = value_text(1);
            if (!text.equals(parsedText)) {
                try {
                    ranges = parse(text);
                } catch (IllegalArgumentException e) {
                    throw new SQLException(e.getMessage(), e);
                }
                parsedText = text;
                parsedId = -1;
            }
        }
        result(ranges.contains(hashOfArgument(0)) ? 1 : 0);
    }

    private static RangeSet registered(long id) throws SQLException {
        synchronized (SETS) {
            if (id < 0 || id >= SETS.size()) {
                throw new SQLException(NAME + ": no range set " + id + " in this process; pass the ranges as text from:to,from:to");
            }
            return SETS.get((int) id);
        }
    }

    private static RangeSet parse(String text) {
        String[] parts = text.isEmpty() ? new String[0] : text.split(",");
        long[] starts = new long[parts.length];
        long[] ends = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                int colon = parts[i].indexOf(':', 1);
                starts[i] = Long.parseLong(parts[i].substring(0, colon));
                ends[i] = Long.parseLong(parts[i].substring(colon + 1));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(NAME + ": the ranges must read from:to,from:to in hash order, got " + text);
        }
        return new RangeSet(starts, ends);
    }
}
