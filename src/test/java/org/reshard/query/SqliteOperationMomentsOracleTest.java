package org.reshard.query;

import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;

/** The moments of a 2 → 3 shard hash-range resharding on SQLite shards, numbers compared to 9 significant digits. */
class SqliteOperationMomentsOracleTest extends OperationMomentsOracleTest {

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.SQLITE;
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
        return new OracleComparison(false);
    }
}
