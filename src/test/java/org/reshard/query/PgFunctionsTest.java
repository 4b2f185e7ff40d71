package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reshard.testing.PostgresTestDatabase;

/** PostgreSQL's numeric division and variance family as the federated engine computes them, against a live server, character for character. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgFunctionsTest {

    private PostgresTestDatabase database;
    private Connection connection;
    private final SplittableRandom random = new SplittableRandom(21);

    @BeforeAll
    void connect() throws Exception {
        database = PostgresTestDatabase.create("pgfunctions");
        connection = database.connect();
    }

    @AfterAll
    void drop() throws Exception {
        connection.close();
        database.close();
    }

    @Test
    void divisionHasPostgresScaleAndRounding() throws Exception {
        try (PreparedStatement s = connection.prepareStatement("SELECT ?::numeric / ?::numeric")) {
            for (int i = 0; i < 400; i++) {
                BigDecimal a = number();
                BigDecimal b = number();
                if (b.signum() == 0) {
                    continue;
                }
                s.setString(1, a.toPlainString());
                s.setString(2, b.toPlainString());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertThat(PgFunctions.divide(a, b).toPlainString()).as("%s / %s", a, b).isEqualTo(rs.getBigDecimal(1).toPlainString());
                }
            }
        }
    }

    @Test
    void varianceAndStandardDeviationHavePostgresDigits() throws Exception {
        String sql = "SELECT var_pop(v), var_samp(v), stddev_pop(v), stddev_samp(v), avg(v) FROM unnest(?::numeric[]) v";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < 200; i++) {
                List<BigDecimal> values = new ArrayList<>();
                int n = 1 + random.nextInt(i % 10 == 0 ? 3 : 40);
                int scale = random.nextInt(4);
                for (int j = 0; j < n; j++) {
                    // Sometimes all equal: PostgreSQL answers 0 there, also when rounding makes the numerator negative.
                    values.add(i % 7 == 0 ? BigDecimal.valueOf(1234, scale) : BigDecimal.valueOf(random.nextLong(-2_000_000, 2_000_000), scale));
                }
                s.setString(1, values.stream().map(BigDecimal::toPlainString).toList().toString().replace('[', '{').replace(']', '}'));
                BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).setScale(scale);
                BigDecimal squares = values.stream().map(v -> v.multiply(v)).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2 * scale);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    for (int kind = 0; kind < 4; kind++) {
                        BigDecimal expected = rs.getBigDecimal(kind + 1);
                        BigDecimal actual = PgFunctions.variance((long) n, sum, squares, kind);
                        assertThat(actual == null ? null : actual.toPlainString()).as("kind %d of %s", kind, values)
                                .isEqualTo(expected == null ? null : expected.toPlainString());
                    }
                    assertThat(PgFunctions.avg(sum, (long) n).toPlainString()).isEqualTo(rs.getBigDecimal(5).toPlainString());
                }
            }
        }
    }

    /** A numeric with 0 to 6 decimals and up to 12 digits, sometimes tiny or zero. */
    private BigDecimal number() {
        return switch (random.nextInt(5)) {
            case 0 -> BigDecimal.valueOf(random.nextLong(-1000, 1000), random.nextInt(8));
            case 1 -> BigDecimal.valueOf(random.nextLong(-999_999_999_999L, 999_999_999_999L), random.nextInt(3));
            default -> BigDecimal.valueOf(random.nextLong(-10_000_000, 10_000_000), random.nextInt(7));
        };
    }
}
