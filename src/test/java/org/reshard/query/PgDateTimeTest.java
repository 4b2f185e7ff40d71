package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** PgDateTime against the PostgreSQL 15 server on 127.0.0.1: every value below is compared with what the server computes. */
class PgDateTimeTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final List<String> ZONES = List.of(
            "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe");
    private static final List<String> TRUNC_UNITS = List.of(
            "microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
            "decade", "century", "millennium");
    private static final List<String> EXTRACT_FIELDS = List.of(
            "microseconds", "milliseconds", "second", "minute", "hour", "day", "month", "quarter", "year", "decade",
            "century", "millennium", "week", "isoyear", "dow", "isodow", "doy", "julian", "epoch");
    private static final List<String> ZONE_FIELDS = List.of("timezone", "timezone_hour", "timezone_minute");
    // Unit spellings beyond the canonical ones: aliases, case, PostgreSQL's 10-character token match, and units that
    // one function or type recognises and another refuses.
    private static final List<String> UNIT_SPELLINGS = List.of(
            "HOURS", "Hour", "h", "hr", "mins", "m", "mm", "s", "secs", "ms", "msecs", "us", "usec", "microsecondsxyz",
            "millisecondsabc", "d", "days", "w", "weeks", "mon", "mons", "months", "qtr", "y", "yrs", "dec", "decs",
            "c", "cent", "centuries", "mil", "millennia", "j", "jd", "dow", "doy", "isodow", "isoyear", "epoch",
            "timezone", "timezone_h", "timezone_m", "now", "infinity", "ago", "@", "fortnight", "", "jan", "on");
    // Intervals as users type them, PostgreSQL's fractional spill-over (months to days to microseconds) and its
    // rounding of fractions, signs, ISO 8601, and its odder corners (a bare number is seconds, "ago" negates).
    private static final List<String> INTERVALS = List.of(
            "1 day", "2 days 03:00:00", "1 mon", "1 month", "1 year 2 months", "3 hours", "90 minutes", "1.5 days",
            "-1 day", "1 week", "10 seconds", "00:30:00", "P1D", "P1Y2M3DT4H5M6S", "@ 1 day ago", "1.5 months",
            "1.5 years", "0.99 years", "0.97 decade", "1.7 mon", "0.3 weeks", "-1.7 weeks", "1.99999999 mon",
            "-0.5 mon", "1.0000005 day", "0.0000005 sec", "0.0000015 sec", "-0.0000005 sec", "1.000001 second",
            "1 day -01:00", "-1 day +02:00", "-1 day -02:00 ago", "1 day 2", "5", "1-2", "-1-2", "1-2 3", "1.5",
            "10:30", "1:2:3.5", "1:2.5", "1:2.9999995", "1:59:60", "100:00:00", "-00:30", "1 +02:03", "10 day 3:00",
            "3:00 10 day", "1 hour 2", "1 hours day 2", "1 day hour", "hour 1", "ago 1 day", "1 hour ago ago",
            "1 d 1 h 1 min 1 s", "2 h 3 m", "1 ms", "1 us", "100000 microseconds", "1.5 millisecond", "1 century",
            "1 millennium", "1 sec 500 msec", "+1 day", "- 1 day", "1 DAY", "  1 day  ", "1day", ".5 day", "5.",
            "1 year 1.5 month", "-1.5 days", "-1 days 10 hours", "1 days 1 weeks", "1 week 2 days", "01:00 1.5 days",
            "1.5 days 01:00", "1 microsecondsxyz", "1 d1", "d1", "1 day,2 hours", "1 day_2 hours", "12 mons 400 days",
            "0.1 year", "1 yrs", "1 y", "1 mins", "1 secs", "1 hrs", "1 w", "3 decades", "2 cent", "-3 millennia",
            "P1W", "PT1.5H", "P0.5M", "P1Y-2M", "P0001-02-03T04:05:06", "P1DT", "PT", "PT1e3S", "P1.5D", "P-1D",
            "P00010203", "P00010203T040506", "PT040506.5", "P2Y6M7DT1H30M", "P1.5Y", "P0.5W", "PT0.0000005S",
            "-178000000 years", "1 day 1 day", "1 mon 1 month", "0.1 sec 500 msec", "1e3 sec", "1e2", "--1 day",
            "1day2hours", "1 ago", "day", "infinity", "-infinity", "1 day epoch", "epoch", "1 day at", "1 day on",
            "p1d", "P1d", " P1D", "P", "1:60", "1:59:61", "1:30:00:00", "1 2", "1 quarter", "1 dow", "1-13",
            "1 day -", "1 day 5 jan", "", "now", "1 fortnight", "1 day 1 ms 01:00", "99999999999 days",
            "2147483647 months 1 year", "9223372036854775807 us", "9223372036854775808 us");
    private static final long SEED = 20261207L;
    private static final int RANDOM_INSTANTS = 300;

    private static Connection server;
    private static String sessionZone;
    private static long comparisons;
    private final List<String> differences = new ArrayList<>();

    @BeforeAll
    static void connect() throws SQLException {
        server = DriverManager.getConnection(URL);
        try (Statement statement = server.createStatement()) {
            statement.execute("SET DateStyle = 'ISO, MDY'");
            statement.execute("SET IntervalStyle = 'postgres'");
        }
    }

    @AfterAll
    static void disconnect() throws SQLException {
        System.out.println("PgDateTimeTest: " + comparisons + " comparisons with PostgreSQL");
        server.close();
    }

    @AfterEach
    void noDifferences() {
        assertThat(differences).as("differences from PostgreSQL (%d)", differences.size()).isEmpty();
    }

    @Test
    void timestampTextIsReadAsPostgresReadsIt() throws SQLException {
        List<String> texts = List.of(
                "2024-01-31", "2024-01-31 10:00", "2024-01-31 10:00:00.123456", "2024-01-31T10:00:00", "2024-01-31t10:00",
                "2024-01-31 10:00Z", "2024-01-31 10:00 z", "2024-01-31 10:00 UTC", "2024-01-31 10:00 gmt",
                "2024-01-31 10:00+02", "2024-01-31 10:00+02:00", "2024-01-31 10:00:00 +02:00", "2024-01-31 10:00-0530",
                "2024-01-31 10:00+230", "2024-01-31 10:00+2:5", "2024-01-31 10:00:00+02:00:30", "2024-01-31 10:00+15:59",
                "2024-01-31 +02", "2024-01-31+02", "2024-01-31 -05", "epoch", " EPOCH ", "  2024-01-31 10:00  ",
                "2024-1-5 1:2:3", "2024-01-31 10:00:00.", "2024-01-31 24:00", "2024-01-31 23:59:60",
                "2024-01-31 23:59:59.9999995", "2024-01-31 10:00:00.1234565", "2024-01-31 10:00:00.1234575",
                "2024-01-31 10:00:00.12345650001", "2024-01-31 10:00:00.000001", "2024-01-31 10:00:00.999999",
                "2024-01-31 10:00:00.9999995", "1969-12-31 23:59:59.9999995", "1969-12-31 23:59:59.0000005",
                "1969-12-31 23:59:59.999999", "1900-01-01 00:00:00.0000005", "1880-01-01 00:00", "2024-02-29 12:00",
                // Spring-forward gaps and fall-back overlaps of the zones under test.
                "2024-03-31 02:30", "2024-10-27 02:30", "2024-10-27 02:00", "2024-10-27 03:00", "2024-03-31 02:00",
                "2024-03-10 02:30", "2024-11-03 01:30", "2024-11-03 01:00", "2024-11-03 02:00",
                "2024-10-06 02:15", "2024-10-06 02:00", "2024-04-07 01:45", "2024-04-07 01:30", "2024-04-07 02:00");
        for (String zone : ZONES) {
            for (String text : texts) {
                compare("timestamptz '" + text + "' in " + zone,
                        () -> PgDateTime.timestamptzFromText(text, zone),
                        () -> serverLong(zone, "select " + micros("?::timestamptz"), text));
            }
        }
        for (String text : texts) {
            compare("timestamp '" + text + "'", () -> PgDateTime.timestampFromText(text),
                    () -> serverLong("UTC", "select " + micros("?::timestamp"), text));
        }
    }

    @Test
    void randomTimestampTextWithLongFractionsIsRoundedAsPostgresRoundsIt() throws SQLException {
        Random random = new Random(SEED);
        List<String> offsets = List.of("", "", "Z", "+05:30", "-0800", "+01");
        for (long value : randomInstants(150)) {
            LocalDateTime local = PgDateTime.toLocalDateTime(value);
            String text = local.toLocalDate() + (random.nextBoolean() ? " " : "T")
                    + String.format("%02d:%02d:%02d.%s", local.getHour(), local.getMinute(), local.getSecond(),
                            randomDigits(random, 1 + random.nextInt(9)))
                    + offsets.get(random.nextInt(offsets.size()));
            for (String zone : ZONES) {
                compare("timestamptz '" + text + "' in " + zone, () -> PgDateTime.timestamptzFromText(text, zone),
                        () -> serverLong(zone, "select " + micros("?::timestamptz"), text));
            }
        }
    }

    @Test
    void timestampTextPostgresRejectsIsRefused() {
        for (String text : List.of("2024-02-30", "2024-13-01", "0000-01-01", "2024-01-31 24:00:01", "2024-01-31 23:59:60.5",
                "2024-01-31 10:60", "2024-01-31 10:00+16", "2024-01-31 10:00+02:60", "2024-01-31-05")) {
            compare("timestamptz '" + text + "'", () -> PgDateTime.timestamptzFromText(text, "UTC"),
                    () -> serverLong("UTC", "select " + micros("?::timestamptz"), text));
        }
    }

    @Test
    void timestampTextOutsideTheIsoFormsIsRefusedWithWhatIsAccepted() {
        for (String text : List.of("now", "today", "tomorrow", "infinity", "-infinity", "Jan 31 2024", "01/31/2024",
                "2024-01-31 10:30.5", "20240131T100000", "2024-01-31 10:00 Europe/Berlin", "2024-01-31 10:00 CET",
                "44-03-15", "0044-03-15 BC", "", "2024-01-31 10:00 PM")) {
            assertThatThrownBy(() -> PgDateTime.timestamptzFromText(text, "UTC"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only ISO timestamps are accepted");
            assertThatThrownBy(() -> PgDateTime.timestampFromText(text))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'epoch'");
        }
    }

    @Test
    void dateTruncMatchesPostgresForEveryUnitInEveryZone() throws SQLException {
        compareInEveryZone("date_trunc", sampleInstants(), TRUNC_UNITS, TRUNC_UNITS, micros("date_trunc('%s', x)"),
                PgDateTime::dateTrunc, ResultSet::getLong);
    }

    @Test
    void extractMatchesPostgresValueAndScaleForEveryFieldInEveryZone() throws SQLException {
        List<String> zonedFields = new ArrayList<>(EXTRACT_FIELDS);
        zonedFields.addAll(ZONE_FIELDS);
        compareInEveryZone("extract", sampleInstants(), zonedFields, EXTRACT_FIELDS, "extract('%s' from x)",
                PgDateTime::extract, ResultSet::getBigDecimal);
    }

    @Test
    void datePartMatchesPostgresDoubleForEveryFieldInEveryZone() throws SQLException {
        List<String> zonedFields = new ArrayList<>(EXTRACT_FIELDS);
        zonedFields.addAll(ZONE_FIELDS);
        // getDouble: the server's float8 and PgDateTime's double must be the same double, not merely close.
        compareInEveryZone("date_part", sampleInstants(), zonedFields, EXTRACT_FIELDS, "date_part('%s', x)",
                PgDateTime::datePart, ResultSet::getDouble);
    }

    @Test
    void timestampMinusTimestampPrintsAndExtractsAsPostgres() throws SQLException {
        List<Long> values = sampleInstants();
        Random random = new Random(11);
        List<String> fields = List.of("epoch", "day", "hour", "minute", "second", "milliseconds", "microseconds", "month", "year",
                "quarter", "decade", "century", "millennium");
        String columns = "(x - y)::text, " + fields.stream().map(f -> "extract(" + f + " from x - y)").collect(Collectors.joining(", "))
                + ", " + fields.stream().map(f -> "date_part('" + f + "', x - y)").collect(Collectors.joining(", "));
        String sql = "select " + columns + " from (select timestamp 'epoch' + (?::text || ' us')::interval as x,"
                + " timestamp 'epoch' + (?::text || ' us')::interval as y) s";
        setZone("UTC");
        try (PreparedStatement statement = server.prepareStatement(sql)) {
            for (int i = 0; i < 400; i++) {
                long x = values.get(random.nextInt(values.size()));
                // Near pairs (seconds to days apart, either way) and far ones.
                long y = i % 2 == 0 ? x + (random.nextLong(2 * 86_400_000_000L * 3) - 86_400_000_000L * 3) / (1 + random.nextInt(1000))
                        : values.get(random.nextInt(values.size()));
                statement.setLong(1, x);
                statement.setLong(2, y);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    long micros = PgDateTime.timestampMinus(x, y);
                    String expectedText = row.getString(1);
                    compare("interval text of " + x + " - " + y, () -> PgDateTime.intervalText(micros), () -> expectedText);
                    for (int f = 0; f < fields.size(); f++) {
                        String field = fields.get(f);
                        BigDecimal expected = row.getBigDecimal(f + 2);
                        compare("extract(" + field + ") of " + x + " - " + y, () -> PgDateTime.extractInterval(field, micros), () -> expected);
                        double expectedDouble = row.getDouble(fields.size() + f + 2);
                        compare("date_part(" + field + ") of " + x + " - " + y, () -> PgDateTime.datePartInterval(field, micros),
                                () -> expectedDouble);
                    }
                }
            }
        }
        // Compared as PostgreSQL compares intervals: a month is 30 days.
        assertThat(PgDateTime.intervalCompareMicros("1 mon")).isEqualTo(PgDateTime.intervalCompareMicros("30 days"));
        assertThat(PgDateTime.intervalCompareMicros("1 day 02:00")).isEqualTo(26 * 3_600_000_000L);
    }

    @Test
    void textMatchesPostgresOutput() throws SQLException {
        compareInEveryZone("text", sampleInstants(), List.of("text"), List.of("text"), "x::%s",
                (ignored, value, zoned, zone) -> PgDateTime.text(value, zoned, zone), ResultSet::getString);
    }

    @Test
    void unitSpellingsAndRefusalsMatchPostgres() throws SQLException {
        long value = PgDateTime.timestamptzFromText("2024-07-15 10:20:30.456789+00", "UTC");
        for (String zone : List.of("Asia/Kolkata", "America/New_York")) {
            for (boolean zoned : List.of(true, false)) {
                String x = value(zoned);
                for (String unit : UNIT_SPELLINGS) {
                    compare("date_trunc('" + unit + "') " + zoned + " in " + zone,
                            () -> PgDateTime.dateTrunc(unit, value, zoned, zone),
                            () -> serverLong(zone, "select " + micros("date_trunc(?, " + x + ")"), unit, value));
                    compare("extract('" + unit + "') " + zoned + " in " + zone,
                            () -> PgDateTime.extract(unit, value, zoned, zone),
                            () -> serverValue(zone, "select extract('" + unit + "' from " + x + ")", ResultSet::getBigDecimal, value));
                }
            }
        }
    }

    @Test
    void intervalTextIsParsedIntoPostgresMonthsDaysAndMicroseconds() throws SQLException {
        String parts = "select (extract(year from i) * 12 + extract(month from i))::bigint, extract(day from i)::bigint,"
                + " (extract(hour from i) * 3600000000 + extract(minute from i) * 60000000 + extract(microseconds from i))::bigint"
                + " from (select ?::interval as i) s";
        List<String> generated = randomIntervals(600);
        // Most generated intervals are valid, so the comparison checks values and not only common refusals.
        assertThat(generated.stream().filter(PgDateTimeTest::representableToAdd).count()).isGreaterThan(400);
        List<String> intervals = new ArrayList<>(INTERVALS);
        intervals.addAll(generated);
        for (String interval : intervals) {
            compare("interval '" + interval + "'", () -> Arrays.toString(PgDateTime.intervalIn(interval)), () -> {
                try (PreparedStatement statement = server.prepareStatement(parts)) {
                    statement.setString(1, interval);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        return Arrays.toString(new long[] {row.getLong(1), row.getLong(2), row.getLong(3)});
                    }
                }
            });
        }
    }

    @Test
    void intervalArithmeticMatchesPostgresAcrossMonthEndsLeapDaysAndDst() throws SQLException {
        List<String> intervals = INTERVALS.stream().filter(PgDateTimeTest::representableToAdd).toList();
        assertThat(intervals).hasSizeGreaterThan(100);
        List<Long> values = new ArrayList<>(specialInstants());
        values.addAll(randomInstants(40));
        for (int sign : new int[] {1, -1}) {
            compareInEveryZone("x " + (sign > 0 ? "+" : "-"), values, intervals, intervals,
                    micros("x " + (sign > 0 ? "+" : "-") + " interval '%s'"),
                    (interval, value, zoned, zone) -> PgDateTime.plusInterval(value, interval, sign, zoned, zone),
                    ResultSet::getLong);
        }
    }

    @Test
    void infinityAndUnparseableIntervalsAreRefused() {
        long value = PgDateTime.timestampFromText("2024-01-31");
        assertThatThrownBy(() -> PgDateTime.timestamptzFromText("infinity", "UTC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgDateTime.timestampFromText("-infinity")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgDateTime.plusInterval(value, "infinity", 1, false, "UTC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid input syntax for type interval: \"infinity\"");
        assertThatThrownBy(() -> PgDateTime.plusInterval(value, "1 fortnight", 1, false, "UTC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid input syntax for type interval: \"1 fortnight\"");
        // strtod's hexadecimal floats: PostgreSQL reads P0x10D as 269 years; PgDateTime refuses rather than imitate it.
        assertThatThrownBy(() -> PgDateTime.plusInterval(value, "P0x10D", 1, false, "UTC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hexadecimal");
        assertThatThrownBy(() -> PgDateTime.plusInterval(value, "1 day", 2, false, "UTC"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgDateTime.dateTrunc("day", value, true, "+05"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not recognized");
        assertThatThrownBy(() -> PgDateTime.dateTrunc("day", Long.MIN_VALUE, false, "UTC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timestamp out of range");
        assertThatThrownBy(() -> PgDateTime.plusInterval(1, "9223372036854775807 us", 1, true, "UTC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timestamp out of range");
        assertThatThrownBy(() -> PgDateTime.dateTrunc("day", Long.MAX_VALUE, true, "Asia/Kolkata"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timestamp out of range");
        assertThatThrownBy(() -> PgDateTime.text(Long.MAX_VALUE, true, "Asia/Kolkata"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timestamp out of range");
    }

    @Test
    void javaTimeConversionsAgreeWithPgjdbc() throws SQLException {
        for (long value : specialInstants()) {
            compare("OffsetDateTime of " + value, () -> PgDateTime.toOffsetDateTime(value),
                    () -> serverValue("Europe/Berlin", "select " + value(true), (row, i) -> row.getObject(i, OffsetDateTime.class), value));
            compare("LocalDateTime of " + value, () -> PgDateTime.toLocalDateTime(value),
                    () -> serverValue("UTC", "select " + value(false), (row, i) -> row.getObject(i, LocalDateTime.class), value));
            assertThat(PgDateTime.microsOf(PgDateTime.toOffsetDateTime(value).toInstant())).isEqualTo(value);
            assertThat(PgDateTime.microsOfLocal(PgDateTime.toLocalDateTime(value))).isEqualTo(value);
        }
        assertThatThrownBy(() -> PgDateTime.microsOf(Instant.ofEpochSecond(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nanoseconds");
    }

    @Test
    void calciteCallsTheFunctionsByReflectionAndPassesNullThrough() throws SQLException {
        try (Connection calcite = DriverManager.getConnection("jdbc:calcite:")) {
            SchemaPlus root = calcite.unwrap(CalciteConnection.class).getRootSchema();
            for (String name : List.of("timestamptzFromText", "timestampFromText", "dateTrunc", "extract", "plusInterval", "text")) {
                // EXTRACT and TEXT are SQL keywords, hence the prefix.
                root.add("PG_" + name.toUpperCase(Locale.ROOT), ScalarFunctionImpl.create(PgDateTime.class, name));
            }
            try (Statement statement = calcite.createStatement();
                    ResultSet row = statement.executeQuery("select"
                            + " PG_DATETRUNC('hour', PG_TIMESTAMPTZFROMTEXT('2024-10-06 02:45:30.5', 'Australia/Lord_Howe'), true, 'Australia/Lord_Howe'),"
                            + " PG_EXTRACT('second', PG_TIMESTAMPFROMTEXT('2024-01-31 10:00:05.5'), false, 'UTC'),"
                            + " PG_TEXT(PG_PLUSINTERVAL(PG_TIMESTAMPTZFROMTEXT('2024-01-31 10:00', 'Asia/Kolkata'), '1 mon', -1, true, 'Asia/Kolkata'), true, 'Asia/Kolkata'),"
                            + " PG_TEXT(PG_TIMESTAMPFROMTEXT(cast(null as varchar)), false, 'UTC')")) {
                row.next();
                // 02:45 is just past Lord Howe's half-hour spring-forward gap (+11); truncating to the hour keeps +11,
                // giving 02:00+11, a wall time inside the gap that PostgreSQL then prints as 01:30+10:30.
                assertThat(row.getLong(1)).isEqualTo(PgDateTime.timestamptzFromText("2024-10-06 02:00+11", "UTC"));
                assertThat(row.getBigDecimal(2)).isEqualTo(new BigDecimal("5.500000"));
                assertThat(row.getString(3)).isEqualTo("2023-12-31 10:00:00+05:30");
                assertThat(row.getString(4)).isNull();
            }
        }
    }

    // ---------------------------------------------------------------- sample values

    private static List<Long> sampleInstants() {
        List<Long> values = new ArrayList<>(specialInstants());
        values.addAll(randomInstants(RANDOM_INSTANTS));
        return values;
    }

    // Month ends, leap days, ISO week 53 and isoyear boundaries, negative epochs, microsecond edges, years BC, and
    // each test zone's DST transitions of 2024 approached to the microsecond.
    private static List<Long> specialInstants() {
        Set<Long> values = new LinkedHashSet<>();
        for (String text : List.of("2024-01-31 10:00", "2024-02-29 23:30", "2023-01-31 12:00", "2024-03-31 00:30",
                "2020-12-31 12:00", "2021-01-03 23:59:59.999999", "2021-01-04 00:00", "2026-12-31 12:00", "2027-01-01 08:00",
                "2024-12-30 00:00", "2008-12-29 00:00", "2010-01-03 12:00", "1969-12-31 23:59:59.999999",
                "1970-01-01 00:00:00.000001", "1969-07-20 20:17:40", "1900-01-01 00:00", "1900-03-01 12:34:56.5",
                "1880-06-15 06:00", "2000-01-01 00:00", "2001-01-01 00:00", "1999-12-31 23:59:59.999999",
                "2100-02-28 18:00", "2262-04-11 23:47:16.854775", "0001-01-01 00:00", "1000-12-31 23:00")) {
            values.add(PgDateTime.timestampFromText(text));
        }
        values.add(PgDateTime.microsOfLocal(LocalDateTime.of(-43, 3, 15, 12, 0)));
        values.add(PgDateTime.microsOfLocal(LocalDateTime.of(-1000, 1, 1, 0, 0)));
        values.add(PgDateTime.microsOfLocal(LocalDateTime.of(0, 12, 31, 23, 59, 59)));
        for (String zone : ZONES) {
            // nextTransition, not getTransitions: recent transitions come from the zone's rules, not its history list.
            ZoneRules rules = ZoneId.of(zone).getRules();
            for (ZoneOffsetTransition transition = rules.nextTransition(Instant.parse("2024-01-01T00:00:00Z"));
                    transition != null && transition.getInstant().isBefore(Instant.parse("2025-01-01T00:00:00Z"));
                    transition = rules.nextTransition(transition.getInstant())) {
                long at = PgDateTime.microsOf(transition.getInstant());
                // A quarter of an hour after Lord Howe's half-hour fall-back is the second pass through 01:45, where
                // truncating to the hour keeps the offset rather than resolving 01:00 afresh.
                for (long delta : new long[] {-86_400_000_000L, -3_600_000_000L, -1_800_000_000L, -900_000_000L, -1, 0,
                        1, 900_000_000L, 1_800_000_000L, 2_700_000_000L, 3_600_000_000L}) {
                    values.add(at + delta);
                }
            }
        }
        return List.copyOf(values);
    }

    // Seeded instants between 1900 and 2100, a third of them on whole seconds or whole days in UTC.
    private static List<Long> randomInstants(int count) {
        Random random = new Random(SEED + count);
        long from = PgDateTime.microsOfLocal(LocalDate.of(1900, 1, 1).atStartOfDay());
        long to = PgDateTime.microsOfLocal(LocalDate.of(2100, 1, 1).atStartOfDay());
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long value = from + Math.floorMod(random.nextLong(), to - from);
            values.add(switch (i % 3) {
                case 0 -> value;
                case 1 -> value - Math.floorMod(value, 1_000_000L);
                default -> value - Math.floorMod(value, 86_400_000_000L);
            });
        }
        return values;
    }

    // Seeded intervals in PostgreSQL's syntax, most of them valid: signed, fractional and bare numbers with unit
    // spellings, h:m[:s[.f]] times, "@" and "ago"; and ISO 8601 ones with fractional fields.
    private static List<String> randomIntervals(int count) {
        Random random = new Random(SEED);
        List<String> units = List.of("", "us", "ms", "msec", "s", "sec", "seconds", "m", "min", "minutes", "h", "hours",
                "d", "day", "days", "w", "weeks", "mon", "months", "y", "years", "decade", "century", "mil");
        List<String> intervals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i % 4 == 3) {
                intervals.add(randomIso8601Interval(random));
                continue;
            }
            List<String> parts = new ArrayList<>();
            if (random.nextInt(8) == 0) {
                parts.add("@");
            }
            for (int part = 1 + random.nextInt(3); part > 0; part--) {
                String sign = List.of("", "", "-", "+").get(random.nextInt(4));
                if (random.nextInt(4) == 0) {
                    parts.add(sign + random.nextInt(100) + ":" + String.format("%02d", random.nextInt(60))
                            + (random.nextBoolean() ? ":" + String.format("%02d", random.nextInt(61)) + randomFraction(random) : ""));
                } else {
                    parts.add(sign + random.nextInt(1000) + randomFraction(random) + " " + units.get(random.nextInt(units.size())));
                }
            }
            if (random.nextInt(6) == 0) {
                parts.add("ago");
            }
            intervals.add(String.join(" ", parts));
        }
        return intervals;
    }

    private static String randomIso8601Interval(Random random) {
        StringBuilder iso = new StringBuilder("P");
        for (String unit : List.of("Y", "M", "W", "D")) {
            if (random.nextInt(3) == 0) {
                iso.append(random.nextInt(40)).append(randomFraction(random)).append(unit);
            }
        }
        if (random.nextBoolean()) {
            iso.append('T');
            for (String unit : List.of("H", "M", "S")) {
                if (random.nextInt(2) == 0) {
                    iso.append(random.nextInt(100)).append(randomFraction(random)).append(unit);
                }
            }
        }
        return iso.toString();
    }

    // Half the time nothing, else a decimal point and up to nine digits (PostgreSQL keeps six, rounding the rest).
    private static String randomFraction(Random random) {
        return random.nextBoolean() ? "" : "." + randomDigits(random, random.nextInt(10));
    }

    private static String randomDigits(Random random, int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    // Intervals PgDateTime reads whose microseconds can be added without leaving the long range of Unix microseconds
    // (PostgreSQL counts from 2000, so near Long.MAX_VALUE it holds sums that the long representation cannot).
    private static boolean representableToAdd(String interval) {
        try {
            return Math.abs(PgDateTime.intervalIn(interval)[2]) < Long.MAX_VALUE / 2;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- comparing with the server

    // The value as the server sees it, built from its exact microseconds (interval input reads them as an integer).
    private static String value(boolean zoned) {
        return "(" + (zoned ? "timestamptz" : "timestamp") + " 'epoch' + (?::text || ' us')::interval)";
    }

    // The columns computed from x, the value bound as the query's one parameter.
    private static String query(String columns, boolean zoned) {
        return "select " + columns + " from (select " + value(zoned) + " as x) s";
    }

    private static String micros(String expression) {
        return "(extract(epoch from " + expression + ") * 1000000)::bigint";
    }

    /** For each value: as a timestamptz in every zone (with zonedKeys) and as a timestamp (with localKeys), one row each. */
    private void compareInEveryZone(String function, List<Long> values, List<String> zonedKeys, List<String> localKeys,
            String column, Function mine, Column server) throws SQLException {
        for (long value : values) {
            for (String zone : ZONES) {
                compareRow(function, value, true, zone, zonedKeys, column, key -> mine.apply(key, value, true, zone), server);
            }
            compareRow(function, value, false, "UTC", localKeys, column, key -> mine.apply(key, value, false, "UTC"), server);
        }
    }

    /** One query computing {@code column} (formatted with each key) for a value; each column compared with PgDateTime. */
    private void compareRow(String function, long value, boolean zoned, String zone, List<String> keys, String column,
            ThrowingFunction mine, Column server) throws SQLException {
        String sql = query(keys.stream().map(key -> String.format(column, key)).collect(Collectors.joining(", ")), zoned);
        Object[] expected = new Object[keys.size()];
        try {
            setZone(zone);
            try (PreparedStatement statement = PgDateTimeTest.server.prepareStatement(sql)) {
                statement.setLong(1, value);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    for (int i = 0; i < keys.size(); i++) {
                        expected[i] = server.read(row, i + 1);
                    }
                }
            }
        } catch (PSQLException rowFailed) {
            // Some column is an error in PostgreSQL: compare the keys one by one to see which.
            for (String key : keys) {
                compare(function + " " + key + " of " + value + " " + zoned + " in " + zone, () -> mine.apply(key),
                        () -> serverValue(zone, query(String.format(column, key), zoned), server, value));
            }
            return;
        }
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Object serverValue = expected[i];
            compare(function + " " + key + " of " + PgDateTime.text(value, zoned, zone) + " (" + value + ") in " + zone,
                    () -> mine.apply(key), () -> serverValue);
        }
    }

    /**
     * Counts one comparison and records a difference unless both sides give equal values (BigDecimal.equals, so the
     * scale counts) or both refuse; a PostgreSQL error message must be PgDateTime's message where it states one.
     */
    private void compare(String what, Callable<Object> mine, Callable<Object> server) {
        comparisons++;
        Object expected;
        String serverError = null;
        try {
            expected = server.call();
        } catch (PSQLException e) {
            expected = null;
            serverError = e.getServerErrorMessage() == null ? e.getMessage() : e.getServerErrorMessage().getMessage();
        } catch (Exception e) {
            throw new AssertionError(what, e);
        }
        Object actual;
        try {
            actual = mine.call();
        } catch (IllegalArgumentException e) {
            boolean sameRefusal = serverError != null
                    && (!e.getMessage().startsWith("unit ") || e.getMessage().equals(serverError));
            if (!sameRefusal) {
                differences.add(what + ": PgDateTime refused (" + e.getMessage() + "), PostgreSQL "
                        + (serverError == null ? "gave " + expected : "said " + serverError));
            }
            return;
        } catch (Exception e) {
            differences.add(what + ": PgDateTime threw " + e);
            return;
        }
        if (serverError != null) {
            differences.add(what + ": PgDateTime gave " + actual + ", PostgreSQL said " + serverError);
        } else if (!Objects.equals(actual, expected)) {
            differences.add(what + ": PgDateTime gave " + actual + ", PostgreSQL " + expected);
        }
    }

    private static long serverLong(String zone, String sql, Object... parameters) throws SQLException {
        return serverValue(zone, sql, ResultSet::getLong, parameters);
    }

    private static <T> T serverValue(String zone, String sql, Column reader, Object... parameters) throws SQLException {
        setZone(zone);
        server.setAutoCommit(true);
        try (PreparedStatement statement = server.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof Long number) {
                    statement.setLong(i + 1, number);
                } else {
                    statement.setString(i + 1, (String) parameters[i]);
                }
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                @SuppressWarnings("unchecked")
                T value = (T) reader.read(row, 1);
                return value;
            }
        }
    }

    private static void setZone(String zone) throws SQLException {
        if (!zone.equals(sessionZone)) {
            try (Statement statement = server.createStatement()) {
                statement.execute("SET TIME ZONE '" + zone + "'");
            }
            sessionZone = zone;
        }
    }

    @FunctionalInterface
    private interface Column {
        Object read(ResultSet row, int index) throws SQLException;
    }

    /** A PgDateTime function of a key (unit, field or interval) and a value of either type in a zone. */
    @FunctionalInterface
    private interface Function {
        Object apply(String key, long value, boolean zoned, String zone) throws Exception;
    }

    @FunctionalInterface
    private interface ThrowingFunction {
        Object apply(String key) throws Exception;
    }
}
