package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PostgreSQL's {@code ::} casts written as CAST, so Calcite's parser binds them as tightly as PostgreSQL does. */
class PgCastsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            select total::float8 from t                          | select CAST(total AS float8) from t
            select o.total::numeric(12,2) from t o               | select CAST(o.total AS numeric(12,2)) from t o
            where a = 1 and b >= '2024-01-01'::timestamptz - c   | where a = 1 and b >= CAST('2024-01-01' AS timestamptz) - c
            select sum(x)::numeric, (a + b)::int                 | select CAST(sum(x) AS numeric), CAST((a + b) AS int)
            select x::int::text                                  | select CAST(CAST(x AS int) AS text)
            select t."Weird Col"::text                           | select CAST(t."Weird Col" AS text)
            where (x)::int > 2                                   | where CAST((x) AS int) > 2
            select 1.5::float8, '::'::text                       | select CAST(1.5 AS float8), CAST('::' AS text)
            select at::timestamp with time zone                  | select CAST(at AS timestamptz)
            select case when a then 1 end::text                  | select case when a then 1 end::text
            select a -- x::int                                   | select a -- x::int
            """)
    void castsBecomeCastCalls(String written, String rewritten) {
        assertThat(PgCasts.rewrite(written)).isEqualTo(rewritten);
    }
}
