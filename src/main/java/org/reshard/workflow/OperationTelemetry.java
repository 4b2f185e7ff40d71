package org.reshard.workflow;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import org.reshard.common.ReshardError;
import org.reshard.observe.ReshardingMetrics;
import org.reshard.observe.Telemetry;
import org.reshard.plan.PlanStep;
import org.reshard.plan.ReshardingPlan;
import org.reshard.state.ReshardingPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run's telemetry: a span for the operation with a child per phase, the resharding instruments,
 * and the operation id and phase on every log line (MDC).
 */
final class OperationTelemetry {

    static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("reshard.error.code");
    /** The code of the underlying cause, e.g. {@code reshard.shard.unreachable}. */
    static final AttributeKey<String> ERROR_CAUSE = AttributeKey.stringKey("reshard.error.cause");
    static final AttributeKey<String> ERROR_CAUSE_MESSAGE = AttributeKey.stringKey("reshard.error.cause_message");
    private static final Logger LOG = LoggerFactory.getLogger("org.reshard.workflow");

    private final Telemetry telemetry;
    private final String id;
    private final Span operation;
    private Span phase;

    private final org.reshard.observe.OperationLog log;

    private OperationTelemetry(Telemetry telemetry, String id, Span operation, org.reshard.observe.OperationLog log) {
        this.log = log;
        this.telemetry = telemetry;
        this.id = id;
        this.operation = operation;
    }

    /** Opens the operation's span; {@code run} says which call this is: execute, resume or rollback. */
    static OperationTelemetry start(Telemetry telemetry, ReshardingPlan plan, String run) {
        Span span = telemetry.tracer().spanBuilder("reshard.operation")
                .setAttribute("reshard.operation.id", plan.id())
                .setAttribute("reshard.run", run)
                .setAttribute("reshard.steps", (long) plan.steps().size())
                .setAttribute("reshard.estimated_rows", plan.estimate().totalRows())
                .startSpan();
        MDC.put("operation", plan.id());
        org.reshard.observe.OperationLog log = org.reshard.observe.OperationLog.open(plan.id());
        LOG.info("{} of operation {}: {} steps, about {} rows, {} → {}", run, plan.id(), plan.steps().size(),
                plan.estimate().totalRows(), plan.from().name(), plan.to().name());
        return new OperationTelemetry(telemetry, plan.id(), span, log);
    }

    ReshardingMetrics metrics() {
        return telemetry.resharding();
    }

    void phaseStarted(ReshardingPhase started) {
        phase = telemetry.tracer().spanBuilder("reshard.phase " + started.label())
                .setParent(Context.current().with(operation))
                .setAttribute("reshard.operation.id", id)
                .setAttribute("reshard.phase", started.label())
                .startSpan();
        MDC.put("phase", started.label());
        LOG.info("phase {} started", started.label());
    }

    void phaseCompleted(ReshardingPhase completed, Duration took) {
        telemetry.resharding().phaseCompleted(id, completed.label(), took);
        LOG.info("phase {} completed in {} ms", completed.label(), took.toMillis());
        endPhase(null);
    }

    /** Ends the running phase's span without a failure: a stop at a checkpoint or at the gate. */
    void phaseStopped(String reason) {
        if (phase != null) {
            phase.setAttribute("reshard.stopped", reason);
        }
        LOG.info("stopped: {}", reason);
        endPhase(null);
    }

    void failed(ReshardError error) {
        LOG.error("failed: {}", error.oneLine());
        endPhase(error);
        operation.setStatus(StatusCode.ERROR, error.message());
        setError(operation, error);
    }

    private void endPhase(ReshardError error) {
        if (phase == null) {
            return;
        }
        if (error != null) {
            phase.setStatus(StatusCode.ERROR, error.message());
            setError(phase, error);
        }
        phase.end();
        phase = null;
        MDC.remove("phase");
    }

    private static void setError(Span span, ReshardError error) {
        span.setAttribute(ERROR_CODE, error.code().code());
        if (error.cause() != null) {
            span.setAttribute(ERROR_CAUSE, error.cause().code().code());
            span.setAttribute(ERROR_CAUSE_MESSAGE, error.cause().message());
        }
    }

    void event(String message) {
        LOG.info(message);
    }

    /** A transient fault: an event on the phase's span and the waiting gauge and retry counter. */
    void waiting(org.reshard.state.Waiting waiting) {
        if (phase != null) {
            phase.addEvent("reshard.waiting", io.opentelemetry.api.common.Attributes.of(
                    ERROR_CODE, waiting.error().code(),
                    AttributeKey.stringKey("reshard.shard"), waiting.shardOrRegistry(),
                    AttributeKey.longKey("reshard.attempt"), (long) waiting.attempt()));
        }
        telemetry.resharding().waiting(id, waiting.shardOrRegistry(), waiting.error().code());
    }

    void waitingOver() {
        telemetry.resharding().waitingOver(id);
    }

    void rowsCopied(PlanStep step, long rows) {
        telemetry.resharding().rowsCopied(step.sourceShard(), step.targetShard(), rows);
    }

    void rate(double perSecond) {
        telemetry.resharding().rate(id, perSecond);
    }

    void lag(long milliseconds) {
        telemetry.resharding().lag(id, milliseconds);
    }

    void mismatches(String table, long rows) {
        telemetry.resharding().verificationMismatches(id, table, rows);
    }

    void cutover(Duration pause) {
        telemetry.resharding().cutover(id, pause);
    }

    /** Closes the operation's span at the end of this run. */
    void end(ReshardingPhase finalPhase) {
        endPhase(null);
        operation.setAttribute("reshard.final_phase", finalPhase.label());
        operation.end();
        telemetry.resharding().operationEnded(id);
        LOG.info("run ended in phase {}", finalPhase.label());
        MDC.remove("operation");
        log.close();
    }
}
