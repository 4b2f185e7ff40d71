package org.reshard.ui.query;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/** A query the operator ran: its SQL, when, on which topology, and how it ended ("12 rows in 40 ms", or the error code). */
public record HistoryEntry(String sql, Instant ranAt, String topology, String outcome) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d HH:mm").withZone(ZoneId.systemDefault());

    public HistoryEntry {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(ranAt, "ranAt");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The SQL on one line, for a list cell. */
    public String oneLine() {
        return sql.strip().replaceAll("\\s+", " ");
    }

    /** When, where and how it ended, for a list cell's second line. */
    public String caption() {
        return TIME.format(ranAt) + " · " + topology + " · " + outcome;
    }
}
