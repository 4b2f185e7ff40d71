package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text rewrites that let Calcite parse PostgreSQL's date/time syntax, leaving quoted text and comments alone. */
class DateTimeSyntaxTest {

    @Test
    void aQuotedExtractFieldIsUnquotedAndNothingElseChanges() {
        assertThat(DateTimeSyntax.unquoteExtractFields("SELECT extract('minute' FROM at), EXTRACT ( 'Julian'  from at) FROM t"))
                .isEqualTo("SELECT extract(minute FROM at), EXTRACT ( Julian  from at) FROM t");
        assertThat(DateTimeSyntax.unquoteExtractFields("SELECT 'extract(''minute'' FROM at)', extract(hour FROM at) -- extract('x' from y)"))
                .isEqualTo("SELECT 'extract(''minute'' FROM at)', extract(hour FROM at) -- extract('x' from y)");
        // Not a field: left for Calcite (and the user) to see as written.
        assertThat(DateTimeSyntax.unquoteExtractFields("SELECT extract('1 day' FROM at), myextract('day' FROM at), extract('day', at)"))
                .isEqualTo("SELECT extract('1 day' FROM at), myextract('day' FROM at), extract('day', at)");
    }
}
