package org.reshard.cdc;

/** One thing a capture saw on a source table: a row's key changed, or the whole table was emptied. */
public sealed interface CapturedChange {

    String table();

    /**
     * A row with this primary key (a JSON array of the columns' text forms) was written or deleted. {@code shardKey} is
     * the row's shard key text as the change showed it (null when unknown); {@code anyRoute} is true when the row's
     * earlier shard key is unknown (logical decoding of a table whose shard key is not in its replica identity), so
     * every target the table's rows move to may hold a copy to update.
     */
    record RowChanged(String table, String keyJson, String shardKey, boolean anyRoute) implements CapturedChange {
    }

    /** TRUNCATE of the table on the source (logical decoding only: trigger capture refuses it). */
    record TableEmptied(String table) implements CapturedChange {
    }
}
