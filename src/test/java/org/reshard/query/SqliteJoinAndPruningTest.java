package org.reshard.query;

import org.reshard.testing.ShardFixture;

/** Pruning, reference tables, co-located joins and warnings on three SQLite shards. */
class SqliteJoinAndPruningTest extends JoinAndPruningTest {

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.SQLITE;
    }
}
