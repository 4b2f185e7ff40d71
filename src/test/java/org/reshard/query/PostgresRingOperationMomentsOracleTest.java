package org.reshard.query;

import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;

/** The moments of a 3 → 2 shard hash-ring resharding on PostgreSQL shards: every move lands on a shard both topologies read. */
class PostgresRingOperationMomentsOracleTest extends OperationMomentsOracleTest {

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.POSTGRES;
    }

    @Override
    int fromShards() {
        return 3;
    }

    @Override
    int toShards() {
        return 2;
    }

    @Override
    Strategy strategy() {
        return Strategy.RING;
    }

    @Override
    OracleComparison comparison() {
        return new OracleComparison(true);
    }
}
