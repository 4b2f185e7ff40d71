package org.reshard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingPhase;

/**
 * Runs an operation until it waits out a long retention after cutover (reverse replication running), lets the
 * application write for a moment, and stops it there — the state a switch back or complete starts from.
 */
final class Retention {

    /** How long the application writes while the operation retains. */
    static final Duration WRITING = Duration.ofMillis(1_500);

    private Retention() {
    }

    /** Runs a new plan into a one-hour retention. */
    static ReshardingOutcome runInto(ReshardingOrchestrator orchestrator, ReshardingPlan plan, List<String> events) throws Exception {
        return runInto(orchestrator, plan, events, org.reshard.cdc.CaptureSetting.AUTO);
    }

    /** As {@link #runInto(ReshardingOrchestrator, ReshardingPlan, List)}, with the capture given. */
    static ReshardingOutcome runInto(ReshardingOrchestrator orchestrator, ReshardingPlan plan, List<String> events,
                                     org.reshard.cdc.CaptureSetting capture) throws Exception {
        return until(events, hooks -> orchestrator.execute(plan, ReshardingWorkflowTest.options().withRetention(Duration.ofHours(1)).withCapture(capture),
                hooks).orElseThrow());
    }

    /** Resumes an operation (through the gate, approved) into its retention; returns at once if the resume ends before. */
    static ReshardingOutcome runInto(ReshardingOrchestrator orchestrator, String id, List<String> events) throws Exception {
        return until(events, hooks -> orchestrator.resume(id, hooks).orElseThrow());
    }

    private interface Run {
        ReshardingOutcome run(RunHooks hooks) throws Exception;
    }

    private static ReshardingOutcome until(List<String> events, Run run) throws Exception {
        OperationControl control = new OperationControl();
        CountDownLatch retaining = new CountDownLatch(1);
        RunHooks hooks = new RunHooks(new ReshardingListener() {
            @Override
            public void phaseStarted(String id, ReshardingPhase phase) {
                if (phase == ReshardingPhase.CLEANING_UP) {
                    retaining.countDown();
                }
            }

            @Override
            public void event(String id, String message) {
                events.add(message);
            }
        }, CutoverGate.approveAlways(), control);
        CompletableFuture<ReshardingOutcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return run.run(hooks);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!retaining.await(100, TimeUnit.MILLISECONDS) && !outcome.isDone()) {
            assertThat(System.nanoTime()).as(String.join("\n", events)).isLessThan(deadline);
        }
        if (!outcome.isDone()) {
            Thread.sleep(WRITING.toMillis());
            control.requestStop("the test goes on");
        }
        return outcome.get(60, TimeUnit.SECONDS);
    }
}
