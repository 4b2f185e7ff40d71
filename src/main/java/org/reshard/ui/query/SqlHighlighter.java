package org.reshard.ui.query;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/** SQL syntax highlighting for the editor: keywords, functions, strings, quoted identifiers, numbers and comments as CSS classes. */
public final class SqlHighlighter {

    private static final String KEYWORDS = String.join("|", List.of(
            "select", "from", "where", "group", "by", "having", "order", "limit", "offset", "distinct", "as", "and", "or", "not",
            "in", "is", "null", "like", "ilike", "between", "case", "when", "then", "else", "end", "join", "left", "right", "inner",
            "outer", "full", "cross", "on", "using", "union", "all", "except", "intersect", "asc", "desc", "nulls", "first", "last",
            "with", "insert", "into", "values", "update", "set", "delete", "create", "table", "drop", "alter", "true", "false",
            "cast", "over", "partition", "filter", "exists", "any", "some", "returning", "interval", "date", "timestamp"));
    private static final String FUNCTIONS = "count|sum|avg|min|max|coalesce|nullif|round|lower|upper|length|substr|substring|abs"
            + "|date_trunc|extract|now|json_extract|jsonb_extract_path_text";
    private static final Pattern TOKENS = Pattern.compile(
            "(?<comment>--[^\\n]*|/\\*(?s:.*?)(\\*/|\\z))"
                    + "|(?<string>'(?:[^']|'')*'?)"
                    + "|(?<identifier>\"(?:[^\"]|\"\")*\"?)"
                    + "|(?<function>\\b(?i:" + FUNCTIONS + ")(?=\\s*\\())"
                    + "|(?<keyword>\\b(?i:" + KEYWORDS + ")\\b)"
                    + "|(?<number>\\b\\d+(?:\\.\\d+)?\\b)");
    private static final List<String> GROUPS = List.of("comment", "string", "identifier", "function", "keyword", "number");

    private SqlHighlighter() {
    }

    /** The style classes ({@code sql-keyword}, {@code sql-string}, …) for every span of the text. */
    public static StyleSpans<Collection<String>> styles(String text) {
        Matcher matcher = TOKENS.matcher(text);
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int last = 0;
        while (matcher.find()) {
            String group = GROUPS.stream().filter(g -> matcher.group(g) != null).findFirst().orElseThrow();
            spans.add(Collections.emptyList(), matcher.start() - last);
            spans.add(Collections.singleton("sql-" + group), matcher.end() - matcher.start());
            last = matcher.end();
        }
        spans.add(Collections.emptyList(), text.length() - last);
        return spans.create();
    }
}
