package org.reshard.ui.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.junit.jupiter.api.Test;

/** The editor's highlighting classes cover the whole text and name keywords, functions, strings, numbers and comments. */
class SqlHighlighterTest {

    @Test
    void eachTokenGetsItsClass() {
        String sql = "select count(*) from orders where status = 'paid' and total > 10 -- big\n";
        List<String> styled = styled(sql);
        assertThat(styled).contains("select=sql-keyword", "count=sql-function", "from=sql-keyword", "'paid'=sql-string",
                "10=sql-number", "-- big=sql-comment");
        assertThat(styled).noneMatch(s -> s.startsWith("orders="));
    }

    @Test
    void theSpansCoverTheTextExactly() {
        String sql = "SELECT \"weird;name\" FROM t /* unterminated";
        StyleSpans<Collection<String>> spans = SqlHighlighter.styles(sql);
        assertThat(spans.length()).isEqualTo(sql.length());
        assertThat(styled(sql)).contains("\"weird;name\"=sql-identifier", "/* unterminated=sql-comment");
    }

    private static List<String> styled(String sql) {
        List<String> out = new ArrayList<>();
        int at = 0;
        for (StyleSpan<Collection<String>> span : SqlHighlighter.styles(sql)) {
            if (!span.getStyle().isEmpty()) {
                out.add(sql.substring(at, at + span.getLength()) + "=" + span.getStyle().iterator().next());
            }
            at += span.getLength();
        }
        return out;
    }
}
