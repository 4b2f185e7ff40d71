package org.reshard.query;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's {@code x::type} written as {@code CAST(x AS type)} before Calcite parses the statement: Calcite's Babel
 * parser binds {@code ::} more loosely than PostgreSQL, so that {@code a = 1 AND b >= '2024-01-01'::timestamptz - c}
 * would cast the whole condition. The operand is the primary just before {@code ::}: a literal, a (qualified) name, a
 * number, a parenthesised expression or a function call, or an earlier cast.
 */
final class PgCasts {

    private static final Pattern TYPE = Pattern.compile("(?i)\\s*(double\\s+precision|timestamp\\s+with\\s+time\\s+zone"
            + "|timestamp\\s+without\\s+time\\s+zone|character\\s+varying|\"[^\"]+\"|[A-Za-z_][A-Za-z_0-9]*)(\\s*\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?"
            + "(\\s*\\[\\s*])*");

    /** Words a primary or a function name never is: {@code WHERE (x)::int} casts {@code (x)}, and {@code END::text} is left to Calcite. */
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("select", "where", "and", "or", "not", "in", "on", "from", "as",
            "when", "then", "else", "end", "by", "having", "exists", "any", "all", "some", "join", "using", "values", "like", "ilike", "is",
            "between", "distinct", "limit", "offset", "over", "filter", "case", "union", "intersect", "except", "with", "lateral");

    private PgCasts() {
    }

    static String rewrite(String sql) {
        if (!sql.contains("::")) {
            return sql;
        }
        StringBuilder out = new StringBuilder();
        Deque<Integer> open = new ArrayDeque<>();
        int primary = -1;
        int lastName = -1;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end = SqlScan.skipQuotedOrComment(sql, i);
            if (end > i) {
                boolean comment = c == '-' || c == '/';
                if (!comment) {
                    // A quoted name continues a qualified name (t."col"); a string literal starts a primary.
                    primary = c == '"' && continuesName(out) ? primary : out.length();
                    lastName = c == '"' ? primary : -1;
                }
                out.append(sql, i, end);
                i = end;
                continue;
            }
            if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':' && primary >= 0 && !keywordAt(out, primary)) {
                Matcher type = TYPE.matcher(sql).region(i + 2, sql.length());
                if (type.lookingAt()) {
                    out.insert(primary, "CAST(").append(" AS ").append(typeName(type.group().strip())).append(')');
                    i = type.end();
                    lastName = -1;
                    continue;
                }
            }
            if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                primary = continuesName(out) ? primary : out.length();
                lastName = primary;
                out.append(sql, start, i);
                continue;
            }
            if (Character.isDigit(c)) {
                int start = i;
                while (i < sql.length() && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                primary = out.length();
                lastName = -1;
                out.append(sql, start, i);
                continue;
            }
            if (c == '(') {
                // A function call's primary starts at its name.
                open.push(lastName >= 0 && onlySpaceAfter(out, lastName) && !keywordAt(out, lastName) ? lastName : out.length());
            } else if (c == ')') {
                primary = open.isEmpty() ? -1 : open.pop();
                lastName = -1;
                out.append(c);
                i++;
                continue;
            }
            if (c != '.' && !Character.isWhitespace(c)) {
                primary = -1;
            }
            if (!Character.isWhitespace(c)) {
                lastName = c == '.' ? lastName : -1;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** True when the output ends with a dot (spaces aside): the next name qualifies the one before. */
    private static boolean continuesName(StringBuilder out) {
        int j = out.length() - 1;
        while (j >= 0 && Character.isWhitespace(out.charAt(j))) {
            j--;
        }
        return j >= 0 && out.charAt(j) == '.';
    }

    /** True when the name starting at {@code start} is the last word of the output: a function's name before its '('. */
    private static boolean onlySpaceAfter(StringBuilder out, int start) {
        int j = start;
        while (j < out.length() && (Character.isLetterOrDigit(out.charAt(j)) || out.charAt(j) == '_' || out.charAt(j) == '$'
                || out.charAt(j) == '.' || out.charAt(j) == '"')) {
            j++;
        }
        while (j < out.length() && Character.isWhitespace(out.charAt(j))) {
            j++;
        }
        return j == out.length();
    }

    private static boolean keywordAt(StringBuilder out, int start) {
        int j = start;
        while (j < out.length() && (Character.isLetterOrDigit(out.charAt(j)) || out.charAt(j) == '_')) {
            j++;
        }
        return KEYWORDS.contains(out.substring(start, j).toLowerCase(Locale.ROOT));
    }

    private static String typeName(String written) {
        String lower = written.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (lower.startsWith("timestamp with time zone")) {
            return "timestamptz" + written.substring(written.toLowerCase(Locale.ROOT).lastIndexOf("zone") + 4);
        }
        if (lower.startsWith("timestamp without time zone")) {
            return "timestamp" + written.substring(written.toLowerCase(Locale.ROOT).lastIndexOf("zone") + 4);
        }
        return written;
    }
}
