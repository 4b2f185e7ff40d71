package org.reshard.query;

import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;

/** The moments of a 2 → 3 shard hash-range resharding on PostgreSQL shards, compared with the oracle exactly. */
class PostgresOperationMomentsOracleTest extends OperationMomentsOracleTest {

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.POSTGRES;
    }

    @Override
    int fromShards() {
        return 2;
    }

    @Override
    int toShards() {
        return 3;
    }

    @Override
    Strategy strategy() {
        return Strategy.RANGE;
    }

    @Override
    OracleComparison comparison() {
        return new OracleComparison(true);
    }
}
