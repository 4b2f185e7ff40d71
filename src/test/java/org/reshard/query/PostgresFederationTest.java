package org.reshard.query;

import java.util.List;
import org.reshard.testing.ShardFixture;

/** The federated differential suite on three PostgreSQL shards, values compared exactly (types and scales). */
class PostgresFederationTest extends FederationDifferentialTest {

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.POSTGRES;
    }

    @Override
    List<OracleCase> cases() {
        return FederatedQueries.concat(FederatedQueries.all(), FederatedQueries.timestamps());
    }
}
