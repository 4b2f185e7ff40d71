package org.reshard.query;

import java.util.List;
import org.reshard.testing.ShardFixture;

/** The oracle test on four SQLite shards against the PostgreSQL oracle, numbers compared to 9 significant digits. */
class SqliteOracleTest extends OracleTestBase {

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.SQLITE;
    }

    @Override
    int shardCount() {
        return 4;
    }

    @Override
    List<OracleCase> cases() {
        return OracleQueries.concat(OracleQueries.common(), OracleQueries.sqliteOnly());
    }

    @Override
    OracleComparison comparison() {
        return new OracleComparison(false);
    }
}
