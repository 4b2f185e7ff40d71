package org.reshard.query;

/** The user's statement as the federated engine reads it: without the trailing semicolons PostgreSQL tolerates. */
final class FederatedSql {

    private FederatedSql() {
    }

    static String prepare(String sql) {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    /** True for statements that only read: a SELECT, a WITH, VALUES or a parenthesised query. Writes are never federated. */
    static boolean isRead(String sql) {
        String text = prepare(sql).replaceAll("^(\\s|\\(|--[^\\n]*\\n|/\\*.*?\\*/)+", "").toLowerCase(java.util.Locale.ROOT);
        return text.startsWith("select") || text.startsWith("with") || text.startsWith("values");
    }
}
