package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SQLite's conversions between storage classes and its affinities, as sqlite 3.50 (the driver's) does them. */
class SqliteValuesTest {

    @Test
    void numericAffinityReadsOnlyWellFormedNumbers() {
        assertThat(SqliteValues.numericIfWellFormed(" 3 ")).isEqualTo(3L);
        assertThat(SqliteValues.numericIfWellFormed("+3")).isEqualTo(3L);
        assertThat(SqliteValues.numericIfWellFormed("3.0")).isEqualTo(3.0);
        assertThat(SqliteValues.numericIfWellFormed(".5e1")).isEqualTo(5.0);
        assertThat(SqliteValues.numericIfWellFormed("9223372036854775808")).isEqualTo(9.223372036854775808e18);
        assertThat(SqliteValues.numericIfWellFormed("0x3")).isEqualTo("0x3");
        assertThat(SqliteValues.numericIfWellFormed("3abc")).isEqualTo("3abc");
        assertThat(SqliteValues.numericIfWellFormed("")).isEqualTo("");
        assertThat(SqliteValues.numericIfWellFormed(7L)).isEqualTo(7L);
    }

    @Test
    void arithmeticReadsTheNumericPrefixOfText() {
        assertThat(SqliteValues.numericPrefix("2abc")).isEqualTo(2L);
        assertThat(SqliteValues.numericPrefix(" 2.5abc")).isEqualTo(2.5);
        assertThat(SqliteValues.numericPrefix("2.0")).isEqualTo(2.0);
        assertThat(SqliteValues.numericPrefix("1e2")).isEqualTo(100.0);
        assertThat(SqliteValues.numericPrefix("abc")).isEqualTo(0L);
        assertThat(SqliteValues.numericPrefix("")).isEqualTo(0L);
        assertThat(SqliteValues.numericPrefix("0x10")).isEqualTo(0L);
    }

    @ParameterizedTest
    @CsvSource({"2.5,2.5", "100.0,100.0", "1e20,1.0e+20", "0.1,0.1", "1e-5,1.0e-05", "1e14,100000000000000.0", "1e15,1.0e+15",
            "0.0001,0.0001", "123456789012345678.0,1.23456789012346e+17", "-2.5,-2.5", "0.3333333333333333,0.333333333333333"})
    void realsAreWrittenAsSqlitePrintsThem(double value, String text) {
        assertThat(SqliteValues.realText(value)).isEqualTo(text);
        assertThat(SqliteValues.textIfNumber(value)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"INTEGER,INTEGER", "BIGINT,INTEGER", "CHARINT,INTEGER", "VARCHAR(20),TEXT", "CLOB,TEXT", "TEXT,TEXT", "BLOB,BLOB", "'',BLOB",
            "REAL,REAL", "DOUBLE PRECISION,REAL", "FLOAT,REAL", "NUMERIC,NUMERIC", "'DECIMAL(10,2)',NUMERIC", "DATETIME,NUMERIC", "BOOLEAN,NUMERIC"})
    void aDeclaredTypeGivesItsAffinityByTheFirstRuleItMatches(String declared, Affinity affinity) {
        assertThat(Affinity.ofDeclaredType(declared)).isEqualTo(affinity);
    }

    @Test
    void comparisonAffinityFollowsDatatype3Section42() {
        assertThat(Affinity.NONE.appliedAgainst(Affinity.INTEGER)).isEqualTo(Affinity.NUMERIC);
        assertThat(Affinity.TEXT.appliedAgainst(Affinity.REAL)).isEqualTo(Affinity.NUMERIC);
        assertThat(Affinity.BLOB.appliedAgainst(Affinity.NUMERIC)).isEqualTo(Affinity.NUMERIC);
        assertThat(Affinity.INTEGER.appliedAgainst(Affinity.NUMERIC)).isEqualTo(Affinity.NONE);
        assertThat(Affinity.NONE.appliedAgainst(Affinity.TEXT)).isEqualTo(Affinity.TEXT);
        assertThat(Affinity.BLOB.appliedAgainst(Affinity.TEXT)).isEqualTo(Affinity.NONE);
        assertThat(Affinity.NONE.appliedAgainst(Affinity.BLOB)).isEqualTo(Affinity.NONE);
        assertThat(Affinity.NONE.appliedAgainst(Affinity.NONE)).isEqualTo(Affinity.NONE);
    }
}
