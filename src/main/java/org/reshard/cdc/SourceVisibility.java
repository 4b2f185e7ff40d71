package org.reshard.cdc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Waits until transactions the write-ahead log delivered are visible on their source. PostgreSQL flushes a commit
 * record, and logical decoding may send the transaction, before the committing backend leaves the process array:
 * for that moment a new snapshot still shows the rows as they were (for as long as a synchronous standby takes to
 * answer, where one is configured). The applier re-reads changed rows, so it must not read them before that.
 */
final class SourceVisibility {

    private static final long TIMEOUT_NANOS = 10_000_000_000L;
    private static final long WRAP = 1L << 32;

    private SourceVisibility() {
    }

    /**
     * Returns once every transaction (32-bit id, as pgoutput gives it) is visible to a new snapshot of the connection,
     * so statements after this one see their rows. Throws a retryable error (lock_not_available) after 10 s.
     */
    static void await(Connection source, Collection<Long> transactions, String shard) throws SQLException {
        if (transactions.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        for (long pause = 1; ; pause = Math.min(pause * 2, 50)) {
            Snapshot snapshot = current(source);
            Long invisible = transactions.stream().filter(t -> !snapshot.sees(t)).findFirst().orElse(null);
            if (invisible == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("transaction " + invisible + " on shard " + shard + " is in the write-ahead log but not"
                        + " visible after 10 s (a commit waiting for a synchronous standby?); its changes are applied once it is",
                        "55P03");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a transaction on shard " + shard + " to become visible", e);
            }
        }
    }

    private static Snapshot current(Connection source) throws SQLException {
        try (Statement s = source.createStatement(); ResultSet r = s.executeQuery("SELECT pg_current_snapshot()::text")) {
            r.next();
            return Snapshot.parse(r.getString(1));
        }
    }

    /** A snapshot's xmax and in-progress list (64-bit transaction ids, "xmin:xmax:xip,…"). */
    record Snapshot(long xmax, Set<Long> inProgress) {

        static Snapshot parse(String text) {
            String[] parts = text.split(":", -1);
            Set<Long> inProgress = new HashSet<>();
            if (parts.length > 2 && !parts[2].isEmpty()) {
                for (String xid : parts[2].split(",")) {
                    inProgress.add(Long.parseLong(xid));
                }
            }
            return new Snapshot(Long.parseLong(parts[1]), inProgress);
        }

        /** True when the transaction ended before the snapshot was taken (its 32-bit id widened next to xmax). */
        boolean sees(long transaction) {
            long full = widen(transaction);
            return full < xmax && !inProgress.contains(full);
        }

        /** The 64-bit id nearest xmax whose low 32 bits are the transaction's: a transaction just decoded is near it. */
        private long widen(long transaction) {
            long candidate = (xmax & ~(WRAP - 1)) | (transaction & (WRAP - 1));
            if (candidate - xmax > WRAP / 2) {
                return candidate - WRAP;
            }
            if (xmax - candidate > WRAP / 2) {
                return candidate + WRAP;
            }
            return candidate;
        }
    }
}
