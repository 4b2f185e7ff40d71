package org.reshard.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.reshard.plan.PlanStep;
import org.reshard.workflow.CutoverGate;
import org.reshard.workflow.CutoverSummary;
import org.reshard.workflow.GateDecision;

/**
 * The command line's cutover gate: {@code --approve-cutover} approves at once; on a terminal it shows
 * the summary and asks; with neither, the run stops at the gate (exit code 4) for a later
 * {@code reshard resume --approve-cutover}.
 */
final class TerminalGate {

    private TerminalGate() {
    }

    static CutoverGate of(boolean approve, PrintWriter out) {
        if (approve) {
            return CutoverGate.approveAlways();
        }
        if (System.console() == null) {
            return CutoverGate.deferAlways("no --approve-cutover, and no terminal to ask");
        }
        return summary -> ask(summary, out, new BufferedReader(System.console().reader()));
    }

    private static CompletableFuture<GateDecision> ask(CutoverSummary summary, PrintWriter out, BufferedReader in) {
        out.println();
        out.println("Ready to cut over " + summary.operationId() + ":");
        out.println("  replication lag " + summary.lagMs() + " ms, " + summary.pendingChanges() + " changes pending");
        for (CutoverSummary.StepCheck check : summary.steps()) {
            PlanStep step = check.step();
            String verified = check.verification() == null ? "not verified" : check.verification().matches()
                    ? "verified (" + Sizes.count(check.verification().sourceCount()) + " rows)" : "MISMATCH";
            out.printf("  step %d %s %s → %s, %d ranges: %s%n", step.index(), step.table(), step.sourceShard(), step.targetShard(),
                    step.ranges().size(), verified);
        }
        out.println("  writes to the moving ranges pause for about " + summary.expectedPause().toMillis() + " ms");
        long seconds = Math.max(0, Duration.between(Instant.now(), summary.deadline()).toSeconds());
        out.print("Type 'cutover' within " + seconds + " s to approve, anything else to abort: ");
        out.flush();
        CompletableFuture<GateDecision> answer = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line = in.readLine();
                answer.complete(line != null && line.strip().equals("cutover")
                        ? new GateDecision.Approve("terminal (" + System.getProperty("user.name") + ")")
                        : new GateDecision.Refuse("the operator answered '" + (line == null ? "" : line.strip()) + "'"));
            } catch (java.io.IOException e) {
                answer.complete(new GateDecision.Defer("the terminal could not be read: " + e.getMessage()));
            }
        }, "cutover-prompt");
        reader.setDaemon(true);
        reader.start();
        return answer;
    }
}
