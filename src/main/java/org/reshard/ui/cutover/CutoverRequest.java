package org.reshard.ui.cutover;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.reshard.workflow.CutoverSummary;
import org.reshard.workflow.GateDecision;

/**
 * The orchestrator waiting at the gate: what to show, and the answer it waits for; {@code retention} is the
 * operation's retention option, how long after the publish a switch back stays possible
 * (null when the stored options could not be read).
 */
public record CutoverRequest(CutoverSummary summary, CompletableFuture<GateDecision> answer, Duration retention) {
}
