package org.reshard.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.reshard.common.ErrorCode;
import org.reshard.common.ErrorText;
import org.reshard.common.ReshardError;
import org.reshard.common.ReshardException;
import org.reshard.topology.ShardSpec;

/** Which driver failures are a lost connection, which are worth one more try, and how they read to an operator. */
class ShardFailuresTest {

    private static final ShardSpec SHARD = new ShardSpec("s2", "jdbc:postgresql://10.0.0.7:5432/orders?user=app&password=secret", null, null);

    @Test
    void connectionFailuresAreTheConnectionClassTheShutdownsAndIoErrors() {
        assertThat(ShardFailures.isConnectionFailure(new SQLException("refused", "08001"))).isTrue();
        assertThat(ShardFailures.isConnectionFailure(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(ShardFailures.isConnectionFailure(new SQLException("crash", "57P02"))).isTrue();
        assertThat(ShardFailures.isConnectionFailure(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(ShardFailures.isConnectionFailure(new SQLException("An I/O error occurred while sending to the backend.", null,
                new EOFException()))).isTrue();
        assertThat(ShardFailures.isConnectionFailure(new SQLTransientConnectionException("pool timed out"))).isTrue();
        assertThat(ShardFailures.isConnectionFailure(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
        assertThat(ShardFailures.isConnectionFailure(new SQLException("relation does not exist", "42P01"))).isFalse();
        assertThat(ShardFailures.isConnectionFailure(new SQLException("database does not exist", "3D000"))).isFalse();
    }

    @Test
    void serializationDeadlockAndLockTimeoutAreTransientToo() {
        assertThat(ShardFailures.isTransient(new SQLException("could not serialize", "40001"))).isTrue();
        assertThat(ShardFailures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(ShardFailures.isTransient(new SQLException("lock timeout", "55P03"))).isTrue();
        assertThat(ShardFailures.isTransient(new SQLException("syntax error", "42601"))).isFalse();
    }

    @Test
    void theCauseNamesTheShardItsMaskedUrlAndNoClass() {
        ReshardError lost = ShardFailures.cause(SHARD, new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new EOFException()));
        assertThat(lost.code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE);
        assertThat(lost.message()).contains("shard s2", "password=****", "An I/O error").doesNotContain("secret", "Exception");

        ReshardError database = ShardFailures.cause(SHARD, new SQLException("ERROR: disk full", "53100"));
        assertThat(database.code()).isEqualTo(ErrorCode.SHARD_DATABASE_ERROR);
        assertThat(database.message()).contains("shard s2", "SQLState 53100", "disk full");
    }

    @Test
    void errorTextDropsClassNamesAndKeepsTheCarriedError() {
        ReshardException carried = new ReshardException(ReshardError.of(ErrorCode.SHARD_UNREACHABLE, "shard s2 is unreachable"));
        assertThat(ErrorText.of(new SQLException(carried))).isEqualTo("shard s2 is unreachable");
        assertThat(ErrorText.clean("java.sql.SQLException: org.postgresql.util.PSQLException: Connection refused")).isEqualTo("Connection refused");
        assertThat(ErrorText.of(new RuntimeException(new EOFException()))).doesNotContain("Exception");
    }
}
