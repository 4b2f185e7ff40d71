package org.reshard.ui.query;

/**
 * Finds the statement to run in the editor's text: the one the caret is in, where statements are
 * separated by semicolons outside quotes and comments.
 */
public final class SqlStatements {

    private SqlStatements() {
    }

    /** The statement around {@code caret}, stripped and without its semicolon; empty when there is none. */
    public static String at(String text, int caret) {
        int start = 0;
        int position = Math.max(0, Math.min(caret, text.length()));
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = closing(text, i, c);
            } else if (c == '-' && next(text, i) == '-') {
                i = lineEnd(text, i);
            } else if (c == '/' && next(text, i) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else if (c == ';') {
                // A caret at the end of a line, after the semicolon, still means the statement that ends there.
                if (position <= i || restOfLineBefore(text, i + 1, position)) {
                    return statement(text, start, i);
                }
                start = i + 1;
                i++;
            } else {
                i++;
            }
        }
        String last = statement(text, start, text.length());
        if (last.isEmpty() && start > 0) {
            return at(text, start - 1);
        }
        return last;
    }

    private static boolean restOfLineBefore(String text, int from, int caret) {
        String between = text.substring(from, caret);
        return between.isBlank() && between.indexOf('\n') < 0;
    }

    private static String statement(String text, int from, int to) {
        String statement = withoutLeadingComments(text.substring(from, to).strip());
        return onlyComments(statement) ? "" : statement;
    }

    /** Comments above a statement describe it; the history and the shards need only the statement. */
    private static String withoutLeadingComments(String statement) {
        String rest = statement;
        while (true) {
            if (rest.startsWith("--")) {
                int end = rest.indexOf('\n');
                rest = end < 0 ? "" : rest.substring(end + 1).strip();
            } else if (rest.startsWith("/*") && rest.indexOf("*/") > 0) {
                rest = rest.substring(rest.indexOf("*/") + 2).strip();
            } else {
                return rest;
            }
        }
    }

    private static boolean onlyComments(String statement) {
        String withoutComments = statement.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\\n]*", "");
        return withoutComments.isBlank();
    }

    private static int closing(String text, int open, char quote) {
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (next(text, i) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    private static int lineEnd(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end + 1;
    }

    private static char next(String text, int i) {
        return i + 1 < text.length() ? text.charAt(i + 1) : 0;
    }
}
