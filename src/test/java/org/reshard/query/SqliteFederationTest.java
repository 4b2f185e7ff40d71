package org.reshard.query;

import java.util.List;
import org.reshard.testing.ShardFixture;

/** The federated differential suite on three SQLite shards against the PostgreSQL oracle, numbers compared to 9 significant digits. */
class SqliteFederationTest extends FederationDifferentialTest {

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.SQLITE;
    }

    @Override
    List<OracleCase> cases() {
        return FederatedQueries.all();
    }
}
