package org.reshard.query;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.Select;

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

    /**
     * True for statements that only read: a SELECT, a WITH, VALUES or a parenthesised query, unless JSqlParser reads it
     * as a write — {@code WITH x AS (…) DELETE …}, or a WITH that deletes, updates or inserts. Writes are never federated.
     */
    static boolean isRead(String sql) {
        String text = prepare(sql).replaceAll("^(\\s|\\(|--[^\\n]*\\n|/\\*.*?\\*/)+", "").toLowerCase(java.util.Locale.ROOT);
        return (text.startsWith("select") || text.startsWith("with") || text.startsWith("values")) && !writes(sql);
    }

    private static boolean writes(String sql) {
        try {
            return !(CCJSqlParserUtil.parse(prepare(sql)) instanceof Select select) || DataModifyingWith.of(select).isPresent();
        } catch (JSQLParserException e) {
            // Calcite parses statements JSqlParser cannot; its parser rejects a write inside WITH, and shards read read-only.
            return false;
        }
    }
}
