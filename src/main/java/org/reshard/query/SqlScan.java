package org.reshard.query;

/** Scanning SQL text without parsing it: where quoted text and comments end, so rewrites of the text leave them alone. */
final class SqlScan {

    private SqlScan() {
    }

    /** The end of the quoted text ('…' or "…", doubled quotes inside) or comment starting at {@code i}, or {@code i} when none starts there. */
    static int skipQuotedOrComment(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (j < sql.length()) {
                if (sql.charAt(j) == c) {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return sql.length();
        }
        if (sql.startsWith("--", i)) {
            int newline = sql.indexOf('\n', i);
            return newline < 0 ? sql.length() : newline;
        }
        if (sql.startsWith("/*", i)) {
            int close = sql.indexOf("*/", i + 2);
            return close < 0 ? sql.length() : close + 2;
        }
        return i;
    }
}
