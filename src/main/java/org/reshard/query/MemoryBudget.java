package org.reshard.query;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a federated query may hold, counted as rows arrive from the shards: a conservative estimate, since
 * Calcite's joins, sorts and aggregates may keep every row they read. Passing the limit throws {@link TooLarge},
 * which the query reports as {@code reshard.query.too_large} long before the heap runs out.
 */
final class MemoryBudget {

    private final long limitBytes;
    private final AtomicLong used = new AtomicLong();

    MemoryBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Counts {@code bytes} more for {@code what}; throws once the total passes the limit. */
    void add(long bytes, String what) throws TooLarge {
        long total = used.addAndGet(bytes);
        if (total > limitBytes) {
            throw new TooLarge(what, total, limitBytes);
        }
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limitBytes;
    }

    /** The budget ran out while {@code what} grew; an SQLException so that it passes through Calcite's JDBC reads unchanged. */
    static final class TooLarge extends java.sql.SQLException {

        private final String what;
        private final long limit;

        TooLarge(String what, long used, long limit) {
            super(what + " passed the memory budget (" + used + " of " + limit + " bytes)", "53200");
            this.what = what;
            this.limit = limit;
        }

        String what() {
            return what;
        }

        long limit() {
            return limit;
        }
    }
}
