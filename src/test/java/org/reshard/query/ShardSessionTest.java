package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.shard.ShardPools;
import org.reshard.topology.ShardSpec;

class ShardSessionTest {

    @TempDir
    Path dir;

    /**
     * SQLite's cancel interrupts the whole connection: one arriving as a read ends makes the session's restoring PRAGMA
     * fail. The connection is then taken out of the pool; every later borrower, at once, gets one that works.
     */
    @Test
    void aSqliteConnectionThatCannotBeRestoredNeverServesAgain() throws Exception {
        ShardSpec shard = new ShardSpec("shard-0", "jdbc:sqlite:" + dir.resolve("shard-0.db"));
        try (Connection setup = DriverManager.getConnection(shard.url()); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1), (2), (3)");
        }
        try (ShardPools pools = new ShardPools(List.of(shard))) {
            Connection pooled = pools.connection(shard.id());
            ShardSession session = ShardSession.open(pools, pooled, shard, false);
            try (Statement read = pooled.createStatement(); ResultSet rows = read.executeQuery("SELECT id FROM t")) {
                assertThat(rows.next()).isTrue();
                read.cancel();
                assertThatThrownBy(session::close).isInstanceOf(SQLException.class).hasMessageContaining("interrupt");
            }
            pooled.close();

            List<Long> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                try (Connection next = pools.connection(shard.id()); Statement s = next.createStatement();
                     ResultSet rows = s.executeQuery("SELECT count(*) FROM t")) {
                    rows.next();
                    answers.add(rows.getLong(1));
                }
            }
            assertThat(answers).containsOnly(3L).hasSize(8);
        }
    }
}
