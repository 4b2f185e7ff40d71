package org.reshard.workflow;

import java.util.concurrent.CompletableFuture;

/**
 * Asks for approval to cut over. The answer may come later (a dialog, a prompt); meanwhile the
 * orchestrator keeps applying changes so the lag stays low, and gives up at the summary's deadline.
 */
@FunctionalInterface
public interface CutoverGate {

    CompletableFuture<GateDecision> request(CutoverSummary summary);

    /** A gate that approves at once, as {@code --approve-cutover} does. */
    static CutoverGate approveAlways() {
        return summary -> CompletableFuture.completedFuture(new GateDecision.Approve("--approve-cutover"));
    }

    /** A gate that stops at the cutover until someone resumes with approval. */
    static CutoverGate deferAlways(String reason) {
        return summary -> CompletableFuture.completedFuture(new GateDecision.Defer(reason));
    }
}
