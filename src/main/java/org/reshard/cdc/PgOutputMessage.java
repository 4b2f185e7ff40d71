package org.reshard.cdc;

import java.util.List;

/** The pgoutput messages logical decoding sends that capture uses (protocol version 1, with logical messages). */
sealed interface PgOutputMessage {

    /** A column of a relation as pgoutput describes it: its name, whether it is in the replica identity, its type's oid. */
    record Column(String name, boolean key, int typeOid) {
    }

    /** A table's description, sent before its first change in a session and again after it changed. */
    record Relation(int oid, String namespace, String name, List<Column> columns) implements PgOutputMessage {
    }

    /** The start of a transaction: where its commit record ends, and its (32-bit) transaction id. */
    record Begin(long finalLsn, long transactionId) implements PgOutputMessage {
    }

    /** The end of a transaction; {@code endLsn} is where a restart after it begins. */
    record Commit(long endLsn, long commitMicros) implements PgOutputMessage {
    }

    /**
     * An insert, update or delete ({@code kind} I, U or D): the new row's column texts (null for a delete) and the old row's (null unless the
     * replica identity changed or is FULL; only its identity columns are set otherwise). A null text is SQL NULL, or an
     * unchanged TOASTed value of an update, which keys never are; {@code newRowWhole} is false when the new row has one.
     */
    record RowChange(char kind, int relationOid, List<String> newRow, List<String> oldRow, boolean newRowWhole) implements PgOutputMessage {
    }

    record Truncate(List<Integer> relationOids) implements PgOutputMessage {
    }

    /** A message from {@code pg_logical_emit_message}: reshard's sync markers. */
    record Marker(String prefix, String content) implements PgOutputMessage {
    }

    /** Anything else (origin, type): nothing capture needs. */
    record Other(char tag) implements PgOutputMessage {
    }
}
