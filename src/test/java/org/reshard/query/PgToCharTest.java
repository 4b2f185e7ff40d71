package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PgToChar against the PostgreSQL 15 server on 127.0.0.1: every format and value below is compared with the server's to_char. */
class PgToCharTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    // Whole-hour, half-hour, negative half-hour and daylight-saving zones; Berlin's old local mean time is +00:53:28.
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/St_Johns",
            "Australia/Lord_Howe");
    private static final List<String> PATTERNS = List.of("A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day",
            "Dy", "D", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FX", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I",
            "J", "MI", "MM", "MONTH", "MON", "MS", "Month", "Mon", "OF", "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM",
            "US", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY", "Y", "a.d.", "a.m.", "ad", "am", "b.c.", "bc", "cc", "day", "ddd", "dd",
            "dy", "d", "ff3", "fx", "hh24", "hh12", "hh", "iddd", "id", "iw", "iyyy", "i", "j", "mi", "mm", "month", "mon", "ms", "of",
            "p.m.", "pm", "q", "rm", "sssss", "ss", "tzh", "tzm", "us", "ww", "w", "y,yyy", "yyyy", "yy", "y");
    private static final List<String> TEXT = List.of("-", ":", " ", ".", "/", ",", "T", "x", "é", "\"quoted DD \\\" text\"", "\\\"", "\"\"",
            "Mm", "FM", "fm", "TM", "th", "SP");
    private static final List<String> COMMON = List.of("", "YYYY-MM-DD", "YYYY-MM", "HH24:MI:SS", "Day, DD Month YYYY",
            "FMDay, FMDDth FMMonth YYYY", "YYYY-MM-DD\"T\"HH24:MI:SS.USOF", "IYYY-\"W\"IW-ID", "\"Q\"Q YYYY", "HH12:MI AM", "DDD", "J",
            "RM", "Y,YYY BC", "CCth \"century\"", "Mon DD, YYYY HH:MI:SS.MS pm", "YYYYMMDDHH24MISS", "FMMM/FMDD/YY", "WW W", "TMMM",
            "\\\"DD\\\"", "DDSP", "ddTH", "FMHH24th", "SSSSSth", "ff6", "TZH:TZM", "FMOF");
    private static Connection server;
    private static int comparisons;

    @BeforeAll
    static void connect() throws SQLException {
        server = DriverManager.getConnection(URL);
    }

    @AfterAll
    static void disconnect() throws SQLException {
        System.out.println("PgToCharTest: " + comparisons + " comparisons with PostgreSQL");
        server.close();
    }

    @Test
    void commonAndRandomFormatsMatchPostgresForTimestampsInEveryZone() throws SQLException {
        Random random = new Random(20261207);
        List<Long> values = values(random);
        List<String> formats = new ArrayList<>(COMMON);
        for (int i = 0; i < 300; i++) {
            formats.add(randomFormat(random));
        }
        List<String> differences = new ArrayList<>();
        for (String zone : ZONES) {
            for (String kind : List.of("timestamptz", "timestamp")) {
                if (kind.equals("timestamp") && !zone.equals("UTC")) {
                    continue;
                }
                List<Long> column = new ArrayList<>();
                List<String> formatColumn = new ArrayList<>();
                for (long value : values) {
                    for (int f = 0; f < 12; f++) {
                        column.add(value);
                        formatColumn.add(formats.get(random.nextInt(formats.size())));
                    }
                }
                // Every common format with every value, in the first zone; random ones after.
                if (zone.equals("UTC")) {
                    for (long value : values) {
                        for (String format : COMMON) {
                            column.add(value);
                            formatColumn.add(format);
                        }
                    }
                }
                differences.addAll(compare(kind, zone, column, formatColumn));
            }
        }
        assertThat(differences).as("differences from PostgreSQL's to_char").isEmpty();
    }

    @Test
    void datesAreFormattedAsTheirMidnightInTheSessionZone() throws SQLException {
        Random random = new Random(7);
        List<Long> days = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        for (long value : values(random)) {
            for (String format : List.of("YYYY-MM-DD HH24:MI:SS OF", "FMDay IW IYYY J", "TZH:TZM Q CC")) {
                days.add(Math.floorDiv(value, 86_400_000_000L));
                formats.add(format);
            }
        }
        List<String> differences = new ArrayList<>();
        for (String zone : ZONES) {
            differences.addAll(compare("date", zone, days, formats));
        }
        assertThat(differences).as("differences from PostgreSQL's to_char of dates").isEmpty();
    }

    @Test
    void theZoneAbbreviationAndLocalizedNamesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PgToChar.checkFormat("YYYY-MM-DD HH24:MI TZ")).hasMessageContaining("TZ").hasMessageContaining("OF");
        assertThatThrownBy(() -> PgToChar.checkFormat("tz")).hasMessageContaining("TZ");
        assertThatThrownBy(() -> PgToChar.checkFormat("TMMonth")).hasMessageContaining("lc_time");
        assertThatThrownBy(() -> PgToChar.checkFormat("FMDD tmdy")).hasMessageContaining("lc_time");
        // TM before a number changes nothing, and TZH/TZM are offsets, not abbreviations.
        PgToChar.checkFormat("TMMM TZH:TZM \"TZ\"");
    }

    private static List<Long> values(Random random) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            values.add(micros(LocalDateTime.of(1900 + random.nextInt(250), 1, 1, 0, 0).plusSeconds(random.nextInt(366 * 86_400))
                    .plusNanos(random.nextInt(1_000_000) * 1000L)));
        }
        // ISO weeks across a year's end, midnight, noon, whole seconds, the largest fraction, early and BC years.
        for (int year : List.of(2020, 2021, 2026, 2027)) {
            for (int day = 26; day <= 31; day++) {
                values.add(micros(LocalDateTime.of(year, 12, day, 23, 59, 59, 999_999_000)));
            }
            for (int day = 1; day <= 4; day++) {
                values.add(micros(LocalDateTime.of(year + 1, 1, day, 0, 0)));
            }
        }
        values.add(micros(LocalDateTime.of(2026, 6, 1, 12, 0)));
        values.add(micros(LocalDateTime.of(1, 1, 1, 11, 30)));
        values.add(micros(LocalDateTime.of(-43, 3, 15, 12, 0)));
        values.add(micros(LocalDateTime.of(0, 12, 31, 23, 0)));
        values.add(micros(LocalDateTime.of(9999, 12, 31, 1, 2, 3, 4000)));
        values.add(micros(LocalDateTime.of(1850, 7, 4, 18, 7)));
        return values;
    }

    private static long micros(LocalDateTime at) {
        return at.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + at.getNano() / 1000;
    }

    private static String randomFormat(Random random) {
        StringBuilder format = new StringBuilder();
        int pieces = 1 + random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(3) == 0) {
                format.append(TEXT.get(random.nextInt(TEXT.size())));
                continue;
            }
            String pattern = PATTERNS.get(random.nextInt(PATTERNS.size()));
            int prefix = random.nextInt(6);
            if (prefix == 0) {
                format.append("FM");
            } else if (prefix == 1) {
                format.append("fm");
            }
            format.append(pattern);
            int suffix = random.nextInt(6);
            format.append(suffix == 0 ? "TH" : suffix == 1 ? "th" : suffix == 2 ? "SP" : "");
        }
        return format.toString();
    }

    /** One query for the whole column: the server's to_char of each value and format, in order, against PgToChar's. */
    private static List<String> compare(String kind, String zone, List<Long> values, List<String> formats) throws SQLException {
        String value = switch (kind) {
            case "date" -> "(date '1970-01-01' + v::int)";
            default -> "(" + kind + " 'epoch' + (v::text || ' us')::interval)";
        };
        List<String> expected = new ArrayList<>();
        try (Statement set = server.createStatement()) {
            set.execute("SET TIME ZONE '" + zone + "'");
        }
        try (PreparedStatement statement = server.prepareStatement("select to_char(" + value + ", f)"
                + " from unnest(?::bigint[], ?::text[]) with ordinality as u(v, f, i) order by i")) {
            Array valueArray = server.createArrayOf("bigint", values.toArray());
            Array formatArray = server.createArrayOf("text", formats.toArray());
            statement.setArray(1, valueArray);
            statement.setArray(2, formatArray);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    expected.add(rows.getString(1));
                }
            }
        }
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                PgToChar.checkFormat(formats.get(i));
            } catch (IllegalArgumentException refused) {
                continue;
            }
            comparisons++;
            String mine = PgToChar.toChar(formats.get(i), values.get(i), kind, zone);
            if (!java.util.Objects.equals(mine, expected.get(i))) {
                String shown = kind.equals("date") ? LocalDate.ofEpochDay(values.get(i)).toString() : PgDateTime.text(values.get(i),
                        kind.equals("timestamptz"), zone);
                differences.add(kind + " " + shown + " in " + zone + " with '" + formats.get(i) + "': PgToChar '" + mine
                        + "', PostgreSQL '" + expected.get(i) + "'");
            }
        }
        return differences;
    }
}
