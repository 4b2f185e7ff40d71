package org.reshard.ui.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ctrl+Enter runs the statement the caret is in; semicolons inside quotes and comments do not split statements. */
class SqlStatementsTest {

    private static final String TWO = "SELECT 1;\nSELECT 2;\n";

    @Test
    void theStatementAroundTheCaret() {
        assertThat(SqlStatements.at(TWO, 3)).isEqualTo("SELECT 1");
        assertThat(SqlStatements.at(TWO, TWO.indexOf("2"))).isEqualTo("SELECT 2");
    }

    @Test
    void aCaretAtTheEndOfALineAfterTheSemicolonMeansThatLinesStatement() {
        assertThat(SqlStatements.at(TWO, TWO.indexOf(';') + 1)).isEqualTo("SELECT 1");
    }

    @Test
    void aCaretAfterTheLastStatementMeansTheLastStatement() {
        assertThat(SqlStatements.at(TWO, TWO.length())).isEqualTo("SELECT 2");
        assertThat(SqlStatements.at("SELECT 3", 8)).isEqualTo("SELECT 3");
    }

    @Test
    void semicolonsInStringsIdentifiersAndCommentsDoNotSplit() {
        String sql = "SELECT ';' AS \"a;b\" -- not; here\nFROM t /* nor; here */ WHERE x = 'it''s;';\nSELECT 2";
        assertThat(SqlStatements.at(sql, 2)).isEqualTo("SELECT ';' AS \"a;b\" -- not; here\nFROM t /* nor; here */ WHERE x = 'it''s;'");
    }

    @Test
    void leadingCommentsAreLeftOutAndACommentAloneIsNothing() {
        assertThat(SqlStatements.at("-- totals\n/* by status */\nSELECT 1", 0)).isEqualTo("SELECT 1");
        assertThat(SqlStatements.at("-- only a comment", 3)).isEmpty();
        assertThat(SqlStatements.at("   ", 1)).isEmpty();
    }
}
