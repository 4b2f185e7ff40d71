package org.reshard.query;

import java.util.List;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;

/** The moments of a 2 → 3 shard hash-range resharding on PostgreSQL shards, compared with the oracle exactly. */
class PostgresOperationMomentsOracleTest extends OperationMomentsOracleTest {

    PostgresOperationMomentsOracleTest() {
        super(new Setup(ShardFixture.Kind.POSTGRES, 2, 3, Strategy.RANGE, new OracleComparison(true)));
    }

    /** PostgreSQL's date/time functions in federated statements: to_char, intervals between timestamps, date_part, date arithmetic. */
    @Override
    List<OracleCase> databaseQueries() {
        return List.of(
                OracleCase.unordered("federated to_char by month", "SELECT to_char(o.placed_at, 'YYYY-MM') AS month, count(*), sum(l.qty)"
                        + " FROM orders o JOIN line_items l ON l.order_id = o.id GROUP BY 1"),
                OracleCase.unordered("federated intervals between orders", "SELECT id, placed_at - lag(placed_at) OVER (PARTITION BY customer_id"
                        + " ORDER BY placed_at, id) AS gap, date_part('dow', placed_at) AS dow, placed_at::date - 7 AS week_before FROM orders"
                        + " WHERE id <= 400"));
    }
}
