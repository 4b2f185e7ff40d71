package org.reshard.query;

import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;

/** The moments of a 2 → 3 shard hash-range resharding on SQLite shards, numbers compared to 9 significant digits. */
class SqliteOperationMomentsOracleTest extends OperationMomentsOracleTest {

    SqliteOperationMomentsOracleTest() {
        super(new Setup(ShardFixture.Kind.SQLITE, 2, 3, Strategy.RANGE, new OracleComparison(false)));
    }
}
