package org.reshard.ui.cutover;

import java.util.concurrent.CompletableFuture;
import org.reshard.workflow.CutoverSummary;
import org.reshard.workflow.GateDecision;

/** The orchestrator waiting at the gate: what to show, and the answer it waits for. */
public record CutoverRequest(CutoverSummary summary, CompletableFuture<GateDecision> answer) {
}
