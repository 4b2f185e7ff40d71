package org.reshard.ui.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.query.QueryResult;
import org.reshard.query.QueryWarning;
import org.reshard.query.ResultColumn;
import org.reshard.query.ResultMode;
import org.reshard.query.ShardReport;
import org.reshard.query.ShardScope;

/** What the editor says over a result: which shards ran and why, on which topology, and the answer's warnings. */
class ResultBannersTest {

    @Test
    void theSummaryNamesTheShardsThatRanAndWhy() {
        QueryResult pruned = result(new ShardScope(List.of("shard-1"), 3, Optional.of("customer_id = 123")),
                List.of(new ShardReport("shard-1", 1, Duration.ofMillis(7), null)));

        assertThat(QueryViewModel.summary(pruned, 1, false, "orders-v2"))
                .isEqualTo("1 row from 1 of 3 shards: customer_id = 123 · on orders-v2 · slowest shard 7 ms");
    }

    @Test
    void theSummaryOfEveryShardCountsTheFailedOnes() {
        QueryResult partial = result(ShardScope.all(List.of("shard-0", "shard-1", "shard-2"), 3), List.of(
                new ShardReport("shard-0", 10, Duration.ofMillis(12), null),
                new ShardReport("shard-1", 0, Duration.ofMillis(30), ReshardError.of(ErrorCode.SHARD_UNREACHABLE, "down")),
                new ShardReport("shard-2", 5, Duration.ofMillis(4), null)));

        assertThat(QueryViewModel.summary(partial, 1_500, true, "orders-v1"))
                .isEqualTo("First 1,500 rows from 3 of 3 shards (1 failed) · on orders-v1 · slowest shard 30 ms");
    }

    @Test
    void eachWarningIsOneLineSayingItsCodeInWords() {
        QueryMessage banner = WarningBanner.of(List.of(
                new QueryWarning(QueryWarning.UNDECLARED_TABLES, "countries is not declared by orders-v2"),
                new QueryWarning(QueryWarning.STALE_TOPOLOGY, "orders-v1 is version 1; the registry's active version is 2 (orders-v2)"),
                new QueryWarning(QueryWarning.REGISTRY_UNREADABLE, "jdbc:postgresql://db/registry: connection refused"))).orElseThrow();

        assertThat(banner.kind()).isEqualTo(QueryMessage.Kind.WARNING);
        assertThat(banner.title()).isEqualTo("3 warnings about this answer");
        assertThat(banner.text().lines().toList()).containsExactly(
                "• Tables the topology does not declare: countries is not declared by orders-v2"
                        + " (reshard.query.undeclared_tables)",
                "• Not the registry's active topology: orders-v1 is version 1; the registry's active version is 2 (orders-v2)"
                        + " (reshard.query.stale_topology)",
                "• Registry unreadable, so the active topology was not checked: jdbc:postgresql://db/registry: connection refused"
                        + " (reshard.query.registry_unreadable)");
    }

    @Test
    void warningsUseTheEditorsWordsAndAnUnknownCodeIsStillShown() {
        QueryMessage banner = WarningBanner.of(List.of(new QueryWarning("reshard.query.something_new", "use --raw to see more"))).orElseThrow();

        assertThat(banner.title()).isEqualTo("1 warning about this answer");
        assertThat(banner.text()).isEqualTo("• Warning: tick Raw per-shard rows to see more (reshard.query.something_new)");
        assertThat(WarningBanner.of(List.of())).isEmpty();
    }

    private static QueryResult result(ShardScope scope, List<ShardReport> shards) {
        return new QueryResult(List.of(new ResultColumn("n", org.reshard.query.ValueType.INTEGER, "BIGINT")), List.of(List.of(1L)), shards, shards.stream().anyMatch(ShardReport::failed),
                ResultMode.MERGED, Optional.empty(), scope, List.of());
    }
}
