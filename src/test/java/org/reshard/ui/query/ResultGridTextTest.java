package org.reshard.ui.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.reshard.query.ValueText;

/** The grid shows floating-point values as SQLite's shell does (sqlite3 3.40: select 10919346.510000002 → 10919346.51). */
class ResultGridTextTest {

    @Test
    void doublesShowWithFifteenSignificantDigitsAsTheSqliteShellPrintsThem() {
        assertThat(ResultGrid.text(10919346.510000002)).isEqualTo("10919346.51");
        assertThat(ResultGrid.text(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(ResultGrid.text(3.0)).isEqualTo("3.0");
        assertThat(ResultGrid.text(0.0)).isEqualTo("0.0");
        assertThat(ResultGrid.text(1.0 / 3)).isEqualTo("0.333333333333333");
        assertThat(ResultGrid.text(1e20)).isEqualTo("1.0e+20");
        assertThat(ResultGrid.text(1e-7)).isEqualTo("1.0e-07");
        assertThat(ResultGrid.text(-2.5e-5)).isEqualTo("-2.5e-05");
        assertThat(ResultGrid.text(123456789012345678.0)).isEqualTo("1.23456789012346e+17");
        assertThat(ResultGrid.text(-1623.6)).isEqualTo("-1623.6");
    }

    @Test
    void otherValuesStayAsTheyWereAndExportWritesWhatTheGridShows() {
        assertThat(ResultGrid.text(42L)).isEqualTo("42");
        assertThat(ResultGrid.text(new BigDecimal("10919346.510000002"))).isEqualTo("10919346.510000002");
        assertThat(ResultGrid.text(Double.NaN)).isEqualTo("NaN");
        assertThat(ResultGrid.text(null)).isEmpty();
        // Export and the command line write what the grid shows.
        assertThat(ValueText.of(10919346.510000002)).isEqualTo("10919346.51");
    }
}
