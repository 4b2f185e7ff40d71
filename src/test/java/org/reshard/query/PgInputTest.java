package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;

/** Untyped literals read as PostgreSQL's input functions read them; every message below is PostgreSQL 15's. */
class PgInputTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void integersAllowSpacesAndASignButNothingElse() {
        assertThat(read(" 8 ", PgType.BIGINT)).isEqualTo(8L);
        assertThat(read("+8", PgType.BIGINT)).isEqualTo(8L);
        assertThat(read("-9223372036854775808", PgType.BIGINT)).isEqualTo(Long.MIN_VALUE);
        assertThat(read("-32768", PgType.SMALLINT)).isEqualTo(-32768L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "8.0|bigint|invalid input syntax for type bigint: \"8.0\"",
            "abc|bigint|invalid input syntax for type bigint: \"abc\"",
            "''|bigint|invalid input syntax for type bigint: \"\"",
            "0x8|bigint|invalid input syntax for type bigint: \"0x8\"",
            "1_000|bigint|invalid input syntax for type bigint: \"1_000\"",
            "99999999999999999999|bigint|value \"99999999999999999999\" is out of range for type bigint",
            "3000000000|integer|value \"3000000000\" is out of range for type integer",
            "40000|smallint|value \"40000\" is out of range for type smallint",
            "abc|smallint|invalid input syntax for type smallint: \"abc\"",
            "1_0|numeric|invalid input syntax for type numeric: \"1_0\"",
            ".|numeric|invalid input syntax for type numeric: \".\"",
            "1e|numeric|invalid input syntax for type numeric: \"1e\"",
            "1e1000000|numeric|value overflows numeric format",
            "1e-16384|numeric|value overflows numeric format",
            "abc|double precision|invalid input syntax for type double precision: \"abc\"",
            "1e400|double precision|\"1e400\" is out of range for type double precision",
            "1e-400|double precision|\"1e-400\" is out of range for type double precision",
            "1e40|real|\"1e40\" is out of range for type real",
            "o|boolean|invalid input syntax for type boolean: \"o\"",
            "abc|boolean|invalid input syntax for type boolean: \"abc\"",
            "abc|date|invalid input syntax for type date: \"abc\"",
            "abc|timestamp|invalid input syntax for type timestamp: \"abc\"",
            "soon|timestamp with time zone|invalid input syntax for type timestamp with time zone: \"soon\"",
            "2025-13-45|timestamp with time zone|date/time field value out of range: \"2025-13-45\"",
            "2025-02-30|date|date/time field value out of range: \"2025-02-30\"",
            "2025-01-09 25:00|timestamp|date/time field value out of range: \"2025-01-09 25:00\""})
    void textPostgresRejectsFailsWithItsMessage(String text, String typeName, String message) {
        ReshardError error = failure(text, type(typeName));

        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_FAILED);
        assertThat(error.message()).startsWith(message + " — ");
    }

    @Test
    void numericsKeepTheScaleWritten() {
        assertThat(read(" 54.0e0 ", PgType.NUMERIC)).isEqualTo(new BigDecimal("54.0"));
        assertThat(read("1.50e1", PgType.NUMERIC)).isEqualTo(new BigDecimal("15.0"));
        assertThat(read("1e2", PgType.NUMERIC)).isEqualTo(new BigDecimal("100"));
        assertThat(read("1.", PgType.NUMERIC)).isEqualTo(new BigDecimal("1"));
        assertThat(read(".5", PgType.NUMERIC)).isEqualTo(new BigDecimal("0.5"));
    }

    @Test
    void floatsReadTheirSpecialValuesAndRealsWidenAsPgjdbcReadsThem() {
        assertThat(read(" 18 ", PgType.DOUBLE)).isEqualTo(18.0);
        assertThat(read("inf", PgType.DOUBLE)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read(" -Infinity ", PgType.DOUBLE)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((Double) read("NaN", PgType.DOUBLE)).isNaN();
        assertThat(read("4.9e-324", PgType.DOUBLE)).isEqualTo(Double.MIN_VALUE);
        assertThat(read("0.1", PgType.REAL)).isEqualTo(0.1);
    }

    @ParameterizedTest
    @CsvSource({"t,true", "TRUE,true", "' YE ',true", "on,true", "1,true", "f,false", "n,false", "of,false", "OFF,false", "0,false"})
    void booleansTakePrefixesOfTheirWords(String text, boolean value) {
        assertThat(read(text, PgType.BOOLEAN)).isEqualTo(value);
    }

    @Test
    void textStaysAsWritten() {
        assertThat(read(" abc ", PgType.TEXT)).isEqualTo(" abc ");
    }

    @Test
    void aTimestampWithoutZoneIsInTheSessionZoneAndOneWithAZoneAtItsOffset() {
        assertThat(instant("2025-01-09", PgType.TIMESTAMPTZ)).isEqualTo(Instant.parse("2025-01-08T23:00:00Z"));
        assertThat(instant("2025-01-09 02:00:00+02", PgType.TIMESTAMPTZ)).isEqualTo(Instant.parse("2025-01-09T00:00:00Z"));
        assertThat(instant("2025-01-09 10:00:00-0530", PgType.TIMESTAMPTZ)).isEqualTo(Instant.parse("2025-01-09T15:30:00Z"));
        assertThat(instant("2025-01-09T00:00:00Z", PgType.TIMESTAMPTZ)).isEqualTo(Instant.parse("2025-01-09T00:00:00Z"));
        assertThat(instant("2025-01-09 00:00:00 UTC", PgType.TIMESTAMPTZ)).isEqualTo(Instant.parse("2025-01-09T00:00:00Z"));
        assertThat(instant("2025-01-09 00:00:00.1234567Z", PgType.TIMESTAMPTZ)).isEqualTo(Instant.parse("2025-01-09T00:00:00.123457Z"));
        assertThat(instant("epoch", PgType.TIMESTAMPTZ)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void timestampsWithoutTimeZoneAndDatesIgnoreWhatTheyDoNotHold() {
        assertThat(read("2025-01-09 00:00:00+05", PgType.TIMESTAMP)).isEqualTo(LocalDateTime.of(2025, 1, 9, 0, 0));
        assertThat(read("2025-1-9 0:0", PgType.TIMESTAMP)).isEqualTo(LocalDateTime.of(2025, 1, 9, 0, 0));
        assertThat(read("2025-01-09 24:00:00", PgType.TIMESTAMP)).isEqualTo(LocalDateTime.of(2025, 1, 10, 0, 0));
        assertThat(read(" 2025-01-09 10:00 ", PgType.DATE)).isEqualTo(LocalDate.of(2025, 1, 9));
        assertThat(read("infinity", PgType.DATE)).isEqualTo(LocalDate.MAX);
        assertThat(read("-infinity", PgType.TIMESTAMP)).isEqualTo(LocalDateTime.MIN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "now|timestamp with time zone", "today|date", "Jan 9 2025|timestamp", "20250109|date", "2025-01-09 10:00 Europe/Berlin|timestamp",
            "NaN|numeric", "Infinity|numeric", "0x10|double precision", "{}|jsonb"})
    void formsPostgresMayAcceptButReshardDoesNotReadAreRefusedNotGuessed(String text, String typeName) {
        ReshardError error = failure(text, type(typeName));

        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_UNSUPPORTED);
        assertThat(error.message()).contains("'" + text + "'").contains("CAST('" + text + "' AS " + typeName + ")");
    }

    private static Object read(String text, PgType type) {
        return PgInput.read(text, type, BERLIN);
    }

    private static Instant instant(String text, PgType type) {
        return ((OffsetDateTime) read(text, type)).toInstant();
    }

    private static ReshardError failure(String text, PgType type) {
        MergeFailure failure = catchThrowableOfType(MergeFailure.class, () -> read(text, type));
        assertThat((Throwable) failure).as("reading '%s' as %s fails", text, type.name()).isNotNull();
        return failure.error();
    }

    private static PgType type(String name) {
        return switch (name) {
            case "bigint" -> PgType.BIGINT;
            case "integer" -> PgType.INTEGER;
            case "smallint" -> PgType.SMALLINT;
            case "numeric" -> PgType.NUMERIC;
            case "double precision" -> PgType.DOUBLE;
            case "real" -> PgType.REAL;
            case "boolean" -> PgType.BOOLEAN;
            case "date" -> PgType.DATE;
            case "timestamp" -> PgType.TIMESTAMP;
            case "timestamp with time zone" -> PgType.TIMESTAMPTZ;
            default -> PgType.of(name);
        };
    }
}
