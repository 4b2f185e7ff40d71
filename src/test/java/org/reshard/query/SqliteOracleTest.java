package org.reshard.query;

import java.util.List;
import org.reshard.testing.ShardFixture;

/**
 * The oracle test on four SQLite shards against the PostgreSQL oracle, numbers compared to 9 significant digits;
 * the literal cases against one SQLite file holding every order, since SQLite types quoted literals its own way.
 */
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
        return OracleQueries.concat(OracleQueries.common(), OracleQueries.sqliteOnly(), OracleQueries.literals(), OracleQueries.sqliteLiterals());
    }

    @Override
    OracleComparison comparison() {
        return new OracleComparison(false);
    }
}
