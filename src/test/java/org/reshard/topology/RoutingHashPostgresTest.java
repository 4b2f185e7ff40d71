package org.reshard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reshard.testing.PostgresTestDatabase;

/** {@link RoutingHash} must equal PostgreSQL's {@code hashtextextended(key, 0)} bit for bit (DESIGN 3.2). */
class RoutingHashPostgresTest {

    private static final int BATCH = 2_000;
    private static final String ALPHABET_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:/@#";
    private static final List<String> UNICODE_SAMPLES = List.of(
            "é", "Ä", "ß", "ñ", "Ω", "ж", "配達", "東京", "한국", "🚀", "👍🏽", "👨‍👩‍👧", "𝔘𝔫𝔦", "\u00a0", "\u200b", "עברית", "العربية");

    @Test
    void javaHashEqualsPostgresOnManyKeys() throws SQLException {
        List<String> keys = keys();
        assertThat(keys).hasSizeGreaterThanOrEqualTo(10_000);

        try (Connection connection = DriverManager.getConnection(PostgresTestDatabase.SERVER + "postgres", PostgresTestDatabase.USER, "")) {
            assertThat(serverEncoding(connection)).as("the comparison needs a UTF8 database").isEqualTo("UTF8");
            for (int start = 0; start < keys.size(); start += BATCH) {
                List<String> batch = keys.subList(start, Math.min(keys.size(), start + BATCH));
                long[] expected = postgresHashes(connection, batch);
                for (int i = 0; i < batch.size(); i++) {
                    String key = batch.get(i);
                    assertThat(RoutingHash.hash(key))
                            .as("hash of key #%d %s", start + i, describe(key))
                            .isEqualTo(expected[i]);
                }
            }
        }
    }

    @Test
    void knownValuesFromPostgres() {
        // Pinned from a PostgreSQL 15 server, so a change to the Java hash shows even without a server.
        assertThat(RoutingHash.hash("")).isEqualTo(-6939563903564495251L);
        assertThat(RoutingHash.hash("42")).isEqualTo(-2402356501652256834L);
        assertThat(RoutingHash.hash("1001")).isEqualTo(5768299119139390075L);
        assertThat(RoutingHash.hash("é")).isEqualTo(-763932721387459829L);
        assertThat(RoutingHash.hash("配達")).isEqualTo(-7836720255997482702L);
        assertThat(RoutingHash.hash("🚀")).isEqualTo(230714976384343068L);
        assertThat(RoutingHash.hash("abcdefghijkl")).isEqualTo(-7556637188122330412L);
    }

    private static long[] postgresHashes(Connection connection, List<String> batch) throws SQLException {
        long[] hashes = new long[batch.size()];
        Array array = connection.createArrayOf("text", batch.toArray());
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT n, hashtextextended(k, 0) FROM unnest(?::text[]) WITH ORDINALITY AS t(k, n)")) {
            s.setArray(1, array);
            try (ResultSet r = s.executeQuery()) {
                int rows = 0;
                while (r.next()) {
                    hashes[r.getInt(1) - 1] = r.getLong(2);
                    rows++;
                }
                assertThat(rows).isEqualTo(batch.size());
            }
        } finally {
            array.free();
        }
        return hashes;
    }

    private static String serverEncoding(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SHOW server_encoding")) {
            r.next();
            return r.getString(1);
        }
    }

    /** Edge cases first, then generated keys of every shape DESIGN 3.2 names. */
    private static List<String> keys() {
        SplittableRandom random = new SplittableRandom(3_2L);
        List<String> keys = new ArrayList<>();
        keys.add("");
        for (int length = 1; length <= 40; length++) {
            for (int i = 0; i < 50; i++) {
                keys.add(randomAscii(random, length));
            }
        }
        keys.add("x".repeat(1024));
        keys.add(randomAscii(random, 1024));
        keys.add(randomAscii(random, 100 * 1024));
        keys.add(randomMix(random, 100 * 1024 / 4));
        for (long n : new long[] {0, 1, -1, 42, 1001, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE}) {
            keys.add(Long.toString(n));
        }
        for (int i = 0; i < 2_000; i++) {
            keys.add(Long.toString(random.nextLong(-5_000_000_000L, 5_000_000_000L)));
            keys.add(Long.toString(random.nextLong()));
        }
        keys.addAll(UNICODE_SAMPLES);
        for (String sample : UNICODE_SAMPLES) {
            for (int prefix = 0; prefix <= 12; prefix++) {
                keys.add("k".repeat(prefix) + sample);
                keys.add(sample + "k".repeat(prefix));
            }
        }
        for (int i = 0; i < 4_000; i++) {
            keys.add(randomMix(random, 1 + random.nextInt(30)));
        }
        return keys;
    }

    private static String randomAscii(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET_ASCII.charAt(random.nextInt(ALPHABET_ASCII.length())));
        }
        return text.toString();
    }

    /** Code points from 1 to 4 UTF-8 bytes, never NUL (PostgreSQL text cannot hold it) nor a lone surrogate. */
    private static String randomMix(SplittableRandom random, int codePoints) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int codePoint = switch (random.nextInt(5)) {
                case 0 -> random.nextInt(1, 0x80);
                case 1 -> random.nextInt(0x80, 0x800);
                case 2 -> random.nextInt(0x800, 0xD800);
                case 3 -> random.nextInt(0xE000, 0x10000);
                default -> random.nextInt(0x10000, 0x110000);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static String describe(String key) {
        String shown = key.length() > 60 ? key.substring(0, 60) + "… (" + key.length() + " chars)" : key;
        return "\"" + shown + "\" (" + key.getBytes(StandardCharsets.UTF_8).length + " UTF-8 bytes)";
    }
}
