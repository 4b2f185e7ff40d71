package org.reshard.query;

import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.reshard.testing.ShardFixture;

/**
 * The timestamp statements of the federated differential suite with every session (shards, oracle, engine) in
 * America/New_York, whose daylight saving time starts inside the events' dates: date_trunc, extract, intervals and
 * literals follow the session's time zone as PostgreSQL's do.
 */
class PostgresFederationInNewYorkTest extends FederationDifferentialTest {

    private TimeZone before;

    @Override
    ShardFixture.Kind kind() {
        return ShardFixture.Kind.POSTGRES;
    }

    @Override
    List<OracleCase> cases() {
        return FederatedQueries.timestamps();
    }

    @Override
    List<String> refused() {
        return FederatedQueries.refusedOnPostgres();
    }

    /** pgjdbc gives each new session the JVM's time zone; the engine reads the same. */
    @Override
    void beforeConnecting() {
        before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    }

    @AfterAll
    void restoreTheTimeZone() {
        TimeZone.setDefault(before);
    }
}
