package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reshard.testing.ShardFixture;

/** The federated differential suite on three PostgreSQL shards, values compared exactly (types and scales). */
class PostgresFederationTest extends FederationDifferentialTest {

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.POSTGRES;
    }

    @Test
    void aTimestampConditionRunsOnEveryShardOnTheColumnItself() throws Exception {
        QueryExplain explain = engine().explain(QueryRequest.of("SELECT e.id, c.name FROM events e JOIN customers c ON c.id = e.id"
                + " WHERE e.at >= '2026-02-01 10:00:00.000001+00'::timestamptz - interval '1 day'")).orElseThrow();

        // 2026-01-31 10:00:00.000001 UTC, computed once; each shard compares the column itself with it, so an index on it serves.
        assertThat(explain.statements().stream().filter(s -> s.sql().contains("\"events\"")).map(ShardStatement::sql).toList())
                .hasSize(3).allSatisfy(sql -> assertThat(sql).contains("(\"at\" >= '2026-01-31T10:00:00.000001Z'::timestamptz)"));
    }

    @Test
    void aDateMinusDaysIsComputedOnceAndComparedOnEveryShard() throws Exception {
        QueryExplain explain = engine().explain(QueryRequest.of("SELECT p.id, c.name FROM payments p JOIN customers c ON c.id = p.id"
                + " WHERE p.paid_on >= date '2026-03-01' - 14")).orElseThrow();

        assertThat(explain.statements().stream().filter(s -> s.sql().contains("\"payments\"")).map(ShardStatement::sql).toList())
                .hasSize(3).allSatisfy(sql -> assertThat(sql).contains("2026-02-15"));
    }

    @Override
    List<OracleCase> cases() {
        return FederatedQueries.concat(FederatedQueries.all(), FederatedQueries.concat(FederatedQueries.timestamps(), FederatedQueries.jsonb()));
    }
}
