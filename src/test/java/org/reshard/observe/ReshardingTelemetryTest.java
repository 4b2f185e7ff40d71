package org.reshard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ShardFixture;
import org.reshard.testing.TestTelemetry;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.ReshardingOrchestrator;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/** The instruments and spans after real reshardings on SQLite shards. */
class ReshardingTelemetryTest {

    @TempDir
    Path dir;

    @Test
    void instrumentsAndSpansDescribeACompletedOperation() throws Exception {
        TestTelemetry test = new TestTelemetry();
        Map<String, Long> seenWhileRunning = new ConcurrentHashMap<>();
        try (ReshardingScenario scenario = new ReshardingScenario(ShardFixture.Kind.SQLITE, dir, 2, ReshardingScenario.Strategy.RANGE,
                3, ReshardingScenario.Strategy.RANGE, 600);
             SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
            scenario.registerOldTopology();
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store, test.telemetry());
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
            ReshardingListener sampler = new ReshardingListener() {
                @Override
                public void progress(OperationProgress progress) {
                    for (MetricData m : test.telemetry().collect()) {
                        switch (m.getName()) {
                            case "reshard.active_operations" -> seenWhileRunning.merge("active",
                                    m.getLongGaugeData().getPoints().iterator().next().getValue(), Math::max);
                            case "reshard.rows_per_second" -> seenWhileRunning.put("rate", 1L);
                            case "reshard.cdc_lag_ms" -> seenWhileRunning.put("lag", 1L);
                            default -> { }
                        }
                    }
                }
            };
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingOptions.DEFAULTS.withBatchSize(100).withRetention(Duration.ZERO),
                    RunHooks.approving().withListener(sampler)).orElseThrow();
            assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);

            for (PlanStep step : plan.steps()) {
                long copied = outcome.state().steps().stream().filter(s -> plan.steps().stream()
                        .anyMatch(p -> p.index() == s.index() && p.sourceShard().equals(step.sourceShard())
                                && p.targetShard().equals(step.targetShard()))).mapToLong(s -> s.rowsCopied()).sum();
                assertThat(copiedBetween(test, step.sourceShard(), step.targetShard())).isEqualTo(copied).isPositive();
            }
            for (ReshardingPhase phase : ReshardingPhase.WORKING) {
                assertThat(test.histogramCount("reshard.phase_duration_ms", ReshardingMetrics.PHASE, phase.label())).as(phase.label()).isEqualTo(1);
            }
            assertThat(test.histogramCount("reshard.cutover_duration_ms", ReshardingMetrics.OPERATION, plan.id())).isEqualTo(1);
            assertThat(seenWhileRunning).containsEntry("active", 1L).containsKeys("rate", "lag");
            assertThat(test.metric("reshard.active_operations").orElseThrow().getLongGaugeData().getPoints().iterator().next().getValue()).isZero();
            assertThat(test.metric("reshard.rows_per_second").map(m -> m.getDoubleGaugeData().getPoints()).orElse(List.of())).isEmpty();
            assertThat(test.counterSum("reshard.verification_mismatches_total", null, null)).isZero();

            List<SpanData> spans = test.spans();
            SpanData operation = spans.stream().filter(s -> s.getName().equals("reshard.operation")).findFirst().orElseThrow();
            assertThat(operation.getAttributes().get(AttributeKey.stringKey("reshard.operation.id"))).isEqualTo(plan.id());
            assertThat(operation.getAttributes().get(AttributeKey.longKey("reshard.steps"))).isEqualTo(plan.steps().size());
            assertThat(operation.getAttributes().get(AttributeKey.longKey("reshard.estimated_rows"))).isEqualTo(plan.estimate().totalRows());
            List<String> phaseSpans = new ArrayList<>();
            for (SpanData span : spans) {
                if (span.getName().startsWith("reshard.phase ")) {
                    assertThat(span.getParentSpanId()).isEqualTo(operation.getSpanId());
                    assertThat(span.getTraceId()).isEqualTo(operation.getTraceId());
                    phaseSpans.add(span.getName());
                }
            }
            assertThat(phaseSpans).containsExactly("reshard.phase Planning", "reshard.phase Copying", "reshard.phase Replicating",
                    "reshard.phase Verifying", "reshard.phase CuttingOver", "reshard.phase CleaningUp");
        }
    }

    @Test
    void aFailedOperationMarksItsSpansAndCountsTheMismatch() throws Exception {
        TestTelemetry test = new TestTelemetry();
        try (ReshardingScenario scenario = new ReshardingScenario(ShardFixture.Kind.SQLITE, dir, 2, ReshardingScenario.Strategy.RANGE,
                3, ReshardingScenario.Strategy.RANGE, 300);
             SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
            scenario.registerOldTopology();
            ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store, test.telemetry());
            ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
            ReshardingListener corrupt = new ReshardingListener() {
                @Override
                public void phaseStarted(String id, ReshardingPhase phase) {
                    if (phase == ReshardingPhase.VERIFYING) {
                        ShardFixture.execute(scenario.shard("shard-2"), "UPDATE orders SET note = 'corrupted'");
                    }
                }
            };
            ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingOptions.DEFAULTS, RunHooks.approving().withListener(corrupt))
                    .orElseThrow();
            assertThat(outcome).isInstanceOf(ReshardingOutcome.Failed.class);
            assertThat(test.counterSum("reshard.verification_mismatches_total", ReshardingMetrics.TABLE, "orders")).isPositive();
            SpanData verifying = test.spans().stream().filter(s -> s.getName().equals("reshard.phase Verifying")).findFirst().orElseThrow();
            assertThat(verifying.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(verifying.getAttributes().get(AttributeKey.stringKey("reshard.error.code"))).isEqualTo("reshard.verification_failed");
            SpanData operation = test.spans().stream().filter(s -> s.getName().equals("reshard.operation")).findFirst().orElseThrow();
            assertThat(operation.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(operation.getAttributes().get(AttributeKey.stringKey("reshard.final_phase"))).isEqualTo("Failed");
        }
    }

    private static long copiedBetween(TestTelemetry test, String source, String target) {
        return test.metric("reshard.rows_copied_total").map(m -> m.getLongSumData().getPoints().stream()
                .filter(p -> source.equals(p.getAttributes().get(ReshardingMetrics.SOURCE))
                        && target.equals(p.getAttributes().get(ReshardingMetrics.TARGET)))
                .mapToLong(p -> p.getValue()).sum()).orElse(0L);
    }
}
