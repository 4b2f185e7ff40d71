package org.reshard.query;

import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;

/** The moments of a 3 → 2 shard hash-ring resharding on PostgreSQL shards: every move lands on a shard both topologies read. */
class PostgresRingOperationMomentsOracleTest extends OperationMomentsOracleTest {

    PostgresRingOperationMomentsOracleTest() {
        super(new Setup(ShardFixture.Kind.POSTGRES, 3, 2, Strategy.RING, new OracleComparison(true)));
    }
}
