package org.reshard.query;

import java.util.List;
import org.reshard.testing.ShardFixture;

/** The oracle test on three PostgreSQL shards: results must match exactly, types and scales included. */
class PostgresOracleTest extends OracleTestBase {

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.POSTGRES;
    }

    @Override
    int shardCount() {
        return 3;
    }

    @Override
    List<OracleCase> cases() {
        return OracleQueries.concat(OracleQueries.common(), OracleQueries.postgresOnly());
    }

    @Override
    OracleComparison comparison() {
        return new OracleComparison(true);
    }
}
