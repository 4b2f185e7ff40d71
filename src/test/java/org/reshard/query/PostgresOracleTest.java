package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.testing.ShardFixture;

/**
 * The oracle test on three PostgreSQL shards: results must match exactly, types and scales included, and a
 * literal PostgreSQL rejects must fail through the engine with PostgreSQL's own words.
 */
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
        return OracleQueries.concat(OracleQueries.common(), OracleQueries.postgresOnly(), OracleQueries.literals(), OracleQueries.postgresLiterals());
    }

    @Override
    OracleComparison comparison() {
        return new OracleComparison(true);
    }

    List<OracleCase> literalErrors() {
        return OracleQueries.postgresLiteralErrors();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("literalErrors")
    void aLiteralPostgresRejectsFailsWithItsWords(OracleCase query) throws Exception {
        PSQLException rejection = catchThrowableOfType(PSQLException.class, () -> OracleComparison.ask(oracle(), query.sql()));
        assertThat((Throwable) rejection).as("the oracle rejects %s", query.sql()).isNotNull();

        Result<QueryResult> result = shards().engine().execute(QueryRequest.of(query.sql()));

        assertThat(result).as("%s", result).isInstanceOf(Result.Failure.class);
        ReshardError error = ((Result.Failure<QueryResult>) result).error();
        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_FAILED);
        assertThat(error.message()).startsWith(rejection.getServerErrorMessage().getMessage());
    }
}
