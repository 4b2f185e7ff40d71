package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.observe.QueryMetrics;
import org.reshard.testing.ShardFixture;
import org.reshard.testing.TestTelemetry;

/** Scatter-gather queries leave a span per query with a child per shard, and the {@code reshard.query.*} instruments. */
class QueryTelemetryTest {

    private static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("reshard.error.code");

    @TempDir
    Path dir;

    private final TestTelemetry telemetry = new TestTelemetry();

    @Test
    void aPartialQueryHasAChildSpanPerShardAndTheDeadShardCarriesItsErrorCode() throws Exception {
        try (QueryShards shards = new QueryShards(ShardFixture.Kind.POSTGRES, dir, 2, List.of("dead-1"));
             QueryEngine engine = new QueryEngine(shards.topology(), shards.pools(), telemetry.telemetry())) {
            shards.executeOnEach(OrdersData.POSTGRES_TABLE);

            QueryResult result = engine.execute(QueryRequest.of("SELECT count(*) FROM orders")).orElseThrow();

            assertThat(result.partial()).isTrue();
            SpanData query = span("reshard.query");
            List<SpanData> children = telemetry.spans().stream().filter(s -> s.getParentSpanId().equals(query.getSpanId())).toList();
            assertThat(children).extracting(SpanData::getName).containsExactlyInAnyOrder(
                    "reshard.query.shard shard-0", "reshard.query.shard shard-1", "reshard.query.shard dead-1");
            SpanData dead = span("reshard.query.shard dead-1");
            assertThat(dead.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(dead.getAttributes().get(ERROR_CODE)).isEqualTo("reshard.shard.unreachable");
            assertThat(span("reshard.query.shard shard-0").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            assertThat(query.getAttributes().get(AttributeKey.booleanKey("reshard.query.partial"))).isTrue();

            assertThat(telemetry.histogramCount("reshard.query.duration_ms", QueryMetrics.OUTCOME, "partial")).isEqualTo(1);
            assertThat(telemetry.histogramCount("reshard.query.shard_duration_ms", QueryMetrics.SHARD, "shard-0")).isEqualTo(1);
            assertThat(telemetry.histogramCount("reshard.query.shard_duration_ms", QueryMetrics.OUTCOME, "reshard.shard.unreachable")).isEqualTo(1);
            assertThat(telemetry.counterSum("reshard.query.partial_failures_total", null, null)).isEqualTo(1);
            assertThat(telemetry.counterSum("reshard.query.active", null, null)).isZero();
        }
    }

    @Test
    void aRefusedQuerySetsTheQuerySpansStatusAndCode() throws Exception {
        try (QueryShards shards = new QueryShards(ShardFixture.Kind.SQLITE, dir, 2, List.of());
             QueryEngine engine = new QueryEngine(shards.topology(), shards.pools(), telemetry.telemetry())) {
            shards.executeOnEach(OrdersData.SQLITE_TABLE);

            assertThat(engine.execute(QueryRequest.of("SELECT DISTINCT ON (status) date_trunc('day', created_at) FROM orders")).isOk()).isFalse();

            SpanData query = span("reshard.query");
            assertThat(query.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(query.getAttributes().get(ERROR_CODE)).isEqualTo("reshard.query.unsupported");
            assertThat(telemetry.histogramCount("reshard.query.duration_ms", QueryMetrics.OUTCOME, "reshard.query.unsupported")).isEqualTo(1);
            assertThat(telemetry.counterSum("reshard.query.partial_failures_total", null, null)).isZero();
        }
    }

    private SpanData span(String name) {
        return telemetry.spans().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " among " + telemetry.spans()));
    }
}
