package org.reshard.shard;

/**
 * A table column as the database describes it.
 *
 * @param type       the declared type ({@code format_type} on PostgreSQL, the declared type on SQLite)
 * @param defaultSql the default expression, or null
 * @param generated  true for a generated column: created with the table, never written by the copy
 */
public record Column(String name, String type, boolean notNull, String defaultSql, boolean generated) {
}
