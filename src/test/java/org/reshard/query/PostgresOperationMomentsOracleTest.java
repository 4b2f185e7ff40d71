package org.reshard.query;

import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;

/** The moments of a 2 → 3 shard hash-range resharding on PostgreSQL shards, compared with the oracle exactly. */
class PostgresOperationMomentsOracleTest extends OperationMomentsOracleTest {

    PostgresOperationMomentsOracleTest() {
        super(new Setup(ShardFixture.Kind.POSTGRES, 2, 3, Strategy.RANGE, new OracleComparison(true)));
    }
}
