package org.reshard.cdc;

import java.util.List;

/** One thing a capture saw on a source table: a row's key changed, or the whole table was emptied. */
public sealed interface CapturedChange {

    String table();

    /**
     * A row with this primary key (a JSON array of the columns' text forms) was written or deleted. {@code shardKey} is
     * the row's shard key text as the change showed it (null when unknown); {@code anyRoute} is true when the row's
     * earlier shard key is unknown (logical decoding of a table whose shard key is not in its replica identity), so
     * every target the table's rows move to may hold a copy to update. {@code after} is what the change showed of
     * the key's row once it committed.
     */
    record RowChanged(String table, String keyJson, String shardKey, boolean anyRoute, RowAfter after) implements CapturedChange {
    }

    /** TRUNCATE of the table on the source (logical decoding only: trigger capture refuses it). */
    record TableEmptied(String table) implements CapturedChange {
    }

    /** The key's row after a change, as far as the change carried it. */
    sealed interface RowAfter {
    }

    /** Not carried (a changelog holds keys only; an unchanged TOASTed value was left out): the applier reads the row on the source. */
    record NotCarried() implements RowAfter {
    }

    /** No row has the key any more: it was deleted, or an update gave it another key. */
    record Gone() implements RowAfter {
    }

    /** The whole row, copied columns in the applier's order ({@link TableRows#columns()}), in their {@code ::text} forms. */
    record Row(List<Object> values) implements RowAfter {
        public Row {
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }
    }

    RowAfter NOT_CARRIED = new NotCarried();
    RowAfter GONE = new Gone();
}
