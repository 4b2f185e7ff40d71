package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;

/**
 * Quoted literals in what the merge evaluates, typed as each database types them: compiled from SQL as the
 * planner compiles them, typed from the shards' column type names, then evaluated over one merged group.
 */
class LiteralTypingTest {

    @Test
    void postgresComparesAQuotedNumberWithACountAsABigint() {
        Merge merge = Merge.postgres(List.of(), "int8");

        assertThat(merge.evaluate("count(*) != '8'", new Object[] {8L}, 8L)).isEqualTo(false);
        assertThat(merge.evaluate("count(*) = ' 8 '", new Object[] {8L}, 8L)).isEqualTo(true);
        assertThat(merge.evaluate("'9' > count(*)", new Object[] {8L}, 8L)).isEqualTo(true);
        assertThat(merge.evaluate("count(*) IN ('7', '8')", new Object[] {8L}, 8L)).isEqualTo(true);
        assertThat(merge.evaluate("count(*) BETWEEN '1' AND '8'", new Object[] {8L}, 8L)).isEqualTo(true);
    }

    @Test
    void sqliteComparesACountWithTextAsLessThanAnyText() {
        Merge merge = Merge.sqlite(List.of(), "INTEGER");

        assertThat(merge.evaluate("count(*) != '8'", new Object[] {8L}, 8L)).isEqualTo(true);
        assertThat(merge.evaluate("count(*) = '8'", new Object[] {8L}, 8L)).isEqualTo(false);
        assertThat(merge.evaluate("count(*) < 'a'", new Object[] {8L}, 8L)).isEqualTo(true);
    }

    @Test
    void postgresRejectsALiteralItsTypeCannotReadBeforeAnyGroupIsEvaluated() {
        ReshardError error = Merge.postgres(List.of(), "int8").failure("count(*) != 'abc'");

        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_FAILED);
        assertThat(error.message()).startsWith("invalid input syntax for type bigint: \"abc\"");
    }

    @Test
    void postgresReadsTheLiteralAsTheAggregatesOwnType() {
        assertThat(Merge.postgres(List.of(), "int4").failure("min(quantity) = '3000000000'").message())
                .startsWith("value \"3000000000\" is out of range for type integer");
        assertThat(Merge.postgres(List.of(), "int8").failure("sum(quantity) > '1.5'").message())
                .startsWith("invalid input syntax for type bigint: \"1.5\"");
        assertThat(Merge.postgres(List.of(), "numeric", "int8").evaluate("avg(total) > '2.5'", new Object[] {new BigDecimal("7"), 2L},
                new BigDecimal("3.5"))).isEqualTo(true);
        assertThat(Merge.postgres(List.of(), "float8").failure("max(ratio) = 'x'").message())
                .startsWith("invalid input syntax for type double precision: \"x\"");
        assertThat(Merge.postgres(List.of(), "int4").failure("sum(DISTINCT quantity) = 'x'").message())
                .startsWith("invalid input syntax for type bigint: \"x\"");
    }

    @Test
    void postgresReadsATimestampLiteralInTheSessionZone() {
        Merge merge = new Merge(Semantics.POSTGRES, List.of(), List.of("timestamptz"), ZoneId.of("Europe/Berlin"));
        OffsetDateTime latest = OffsetDateTime.parse("2025-01-08T23:30:00Z");

        assertThat(merge.evaluate("max(created_at) > '2025-01-09'", new Object[] {latest}, latest)).isEqualTo(true);
        assertThat(merge.evaluate("max(created_at) > '2025-01-09Z'", new Object[] {latest}, latest)).isEqualTo(false);
        assertThat(merge.evaluate("max(created_at) = '2025-01-09 01:30:00+02'", new Object[] {latest}, latest)).isEqualTo(true);
    }

    @Test
    void postgresArithmeticTakesTheOtherOperandsType() {
        assertThat(Merge.postgres(List.of(), "int8").evaluate("count(*) + '1'", new Object[] {8L}, 8L)).isEqualTo(9L);
        assertThat(Merge.postgres(List.of(), "int8").evaluate("count(*) / '3'", new Object[] {8L}, 8L)).isEqualTo(2L);
        assertThat(Merge.postgres(List.of(), "numeric").evaluate("sum(total) - '0.5'", new Object[] {new BigDecimal("10.25")},
                new BigDecimal("10.25"))).isEqualTo(new BigDecimal("9.75"));
    }

    @Test
    void postgresResolvesCaseResultsAndFunctionArgumentsToTheirCommonType() {
        Merge count = Merge.postgres(List.of(), "int8");

        assertThat(count.evaluate("CASE WHEN count(*) > 0 THEN count(*) ELSE '0' END", new Object[] {0L}, 0L)).isEqualTo(0L);
        assertThat(count.evaluate("greatest(count(*), '10')", new Object[] {0L}, 0L)).isEqualTo(10L);
        assertThat(count.evaluate("nullif(count(*), '0')", new Object[] {0L}, 0L)).isNull();
        assertThat(count.evaluate("round(count(*) * 1.0, '2')", new Object[] {0L}, 0L)).isEqualTo(new BigDecimal("0.00"));
        assertThat(count.failure("CASE WHEN count(*) > 0 THEN count(*) ELSE 'x' END").message())
                .startsWith("invalid input syntax for type bigint: \"x\"");
        assertThat(Merge.postgres(List.of(), "int4").evaluate("coalesce(max(quantity), '5')", new Object[] {null}, (Object) null))
                .isEqualTo(5L);
    }

    @Test
    void postgresComparesTwoQuotedLiteralsAsText() {
        Merge merge = Merge.postgres(List.of(), "int8");

        assertThat(merge.evaluate("CASE WHEN count(*) > 1 THEN '10' ELSE '9' END < '9'", new Object[] {8L}, 8L)).isEqualTo(true);
        assertThat(merge.evaluate("CASE WHEN count(*) > 1 THEN 'big' ELSE 'small' END", new Object[] {8L}, 8L)).isEqualTo("big");
    }

    @Test
    void postgresReadsALiteralConditionAsABoolean() {
        Merge merge = Merge.postgres(List.of(), "int8");

        assertThat(merge.evaluate("'yes' AND count(*) > 1", new Object[] {8L}, 8L)).isEqualTo(true);
        assertThat(merge.failure("'maybe' AND count(*) > 1").message()).startsWith("invalid input syntax for type boolean: \"maybe\"");
    }

    @Test
    void postgresRefusesALiteralMeetingATypeItCannotRead() {
        ReshardError error = Merge.postgres(List.of("attrs"), "jsonb", "int8").failure("CASE attrs WHEN '{}' THEN count(*) END");

        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_UNSUPPORTED);
        assertThat(error.message()).contains("CAST('{}' AS jsonb)");
    }

    @Test
    void sqliteGivesAGroupedColumnsAffinityToTheLiteralItMeets() {
        assertThat(Merge.sqlite(List.of("quantity"), "INTEGER", "INTEGER")
                .evaluate("CASE quantity WHEN '3' THEN count(*) ELSE 0 END", new Object[] {3L, 5L}, 5L)).isEqualTo(5L);
        assertThat(Merge.sqlite(List.of("total"), "NUMERIC", "INTEGER")
                .evaluate("CASE total WHEN '100.00' THEN count(*) ELSE 0 END", new Object[] {100L, 5L}, 5L)).isEqualTo(5L);
        assertThat(Merge.sqlite(List.of("status"), "TEXT", "INTEGER")
                .evaluate("CASE status WHEN 8 THEN count(*) ELSE 0 END", new Object[] {"8", 5L}, 5L)).isEqualTo(5L);
        assertThat(Merge.sqlite(List.of("payload"), "BLOB", "INTEGER")
                .evaluate("CASE payload WHEN '3' THEN count(*) ELSE 0 END", new Object[] {3L, 5L}, 5L)).isEqualTo(0L);
    }

    @Test
    void sqliteGivesAnExpressionOfTheKeyNoAffinity() {
        Merge merge = Merge.sqlite(List.of("quantity + 0"), "INTEGER", "INTEGER");

        assertThat(merge.evaluate("CASE quantity + 0 WHEN '3' THEN count(*) ELSE 0 END", new Object[] {3L, 5L}, 5L)).isEqualTo(0L);
    }

    @Test
    void sqliteGivesACastItsTypesAffinity() {
        Merge merge = Merge.sqlite(List.of(), "INTEGER");

        assertThat(merge.evaluate("CAST(count(*) AS TEXT) = 8", new Object[] {8L}, 8L)).isEqualTo(true);
        assertThat(merge.evaluate("CAST(count(*) AS INTEGER) = '8'", new Object[] {8L}, 8L)).isEqualTo(true);
    }

    @Test
    void sqliteArithmeticReadsTextAsItsNumericPrefix() {
        Merge merge = Merge.sqlite(List.of(), "INTEGER");

        assertThat(merge.evaluate("count(*) + '1'", new Object[] {8L}, 8L)).isEqualTo(9L);
        assertThat(merge.evaluate("count(*) + '2abc'", new Object[] {8L}, 8L)).isEqualTo(10L);
        assertThat(merge.evaluate("count(*) + '2.0'", new Object[] {8L}, 8L)).isEqualTo(10.0);
        assertThat(merge.evaluate("count(*) * 'abc'", new Object[] {8L}, 8L)).isEqualTo(0L);
        assertThat(merge.evaluate("round(count(*) / 3.0, '2')", new Object[] {8L}, 8L)).isEqualTo(2.67);
    }

    /** One merge: the group keys and the shards' column type names, slot by slot (keys first, then partial aggregates). */
    private record Merge(Semantics semantics, List<String> keys, List<String> slotTypes, ZoneId zone) {

        static Merge postgres(List<String> keys, String... slotTypes) {
            return new Merge(Semantics.POSTGRES, keys, List.of(slotTypes), ZoneOffset.UTC);
        }

        static Merge sqlite(List<String> keys, String... slotTypes) {
            return new Merge(Semantics.SQLITE, keys, List.of(slotTypes), ZoneOffset.UTC);
        }

        Object evaluate(String sql, Object[] slots, Object... aggregates) {
            return bind(sql).evaluate(slots, aggregates, semantics);
        }

        ReshardError failure(String sql) {
            MergeFailure failure = catchThrowableOfType(MergeFailure.class, () -> bind(sql));
            assertThat((Throwable) failure).as("typing %s fails", sql).isNotNull();
            return failure.error();
        }

        private OutputExpression bind(String sql) {
            OutputCompiler compiler = new OutputCompiler(keys.stream().map(LiteralTypingTest::parse).toList(), semantics);
            OutputExpression compiled = compiler.compile(parse(sql));
            assertThat(compiler.slotSql()).as("slots of %s", sql).hasSameSizeAs(slotTypes);
            // JdbcValues keeps the driver's type name in lower case.
            List<ResultColumn> columns = slotTypes.stream().map(t -> new ResultColumn("c", ValueType.OTHER, t.toLowerCase(Locale.ROOT))).toList();
            LiteralTyping typing = semantics == Semantics.POSTGRES
                    ? new PostgresTyping(columns, compiler.aggregates(), zone)
                    : LiteralTyping.of(semantics, columns, compiler.aggregates());
            return typing.bindCondition(compiled);
        }
    }

    private static Expression parse(String sql) {
        try {
            return CCJSqlParserUtil.parseExpression(sql);
        } catch (JSQLParserException e) {
            throw new IllegalArgumentException(sql, e);
        }
    }
}
