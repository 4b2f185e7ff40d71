package org.reshard.cli;

import java.io.PrintWriter;
import java.time.Instant;
import org.reshard.common.Result;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingOutcome;

/** Prints how a run, resume or rollback ended and maps it to the exit codes of DESIGN 3.3. */
final class OutcomePrinter {

    /** Exit code when a run stopped at the cutover gate without approval. */
    static final int STOPPED_AT_GATE = 4;

    private OutcomePrinter() {
    }

    static int print(Result<ReshardingOutcome> result, boolean json, PrintWriter out, PrintWriter err) {
        if (result instanceof Result.Failure<ReshardingOutcome> failure) {
            return ErrorPrinter.print(failure.error(), json, out, err);
        }
        ReshardingOutcome outcome = result.orElseThrow();
        OperationProgress progress = OperationProgress.of(outcome.state(), "", 0);
        String id = outcome.state().id();
        if (json) {
            var node = OperationJson.of(progress, outcome.state().captures(), Instant.now());
            node.put("type", "outcome");
            if (outcome instanceof ReshardingOutcome.Failed failed) {
                node.set("error", ErrorPrinter.toJson(failed.error()).get("error"));
            }
            out.println(node.toString());
            out.flush();
        }
        return switch (outcome) {
            case ReshardingOutcome.Finished finished -> {
                if (!json) {
                    out.println(id + ": " + finished.state().phase().label());
                    finished.state().warnings().forEach(w -> out.println("  warning: " + w));
                    out.flush();
                }
                yield 0;
            }
            case ReshardingOutcome.Failed failed -> {
                if (!json) {
                    err.println("error " + failed.error().describe());
                    if (failed.state().phase() == org.reshard.state.ReshardingPhase.FAILED) {
                        err.println(id + " is Failed; 'reshard rollback " + id + "' undoes it, 'reshard resume " + id + "' retries "
                                + "from the last checkpoint");
                    } else {
                        // A switch back that was undone: the operation itself goes on where it was.
                        err.println(id + " is still " + failed.state().phase().label() + "; 'reshard resume " + id + "' continues it");
                    }
                    err.flush();
                }
                yield ReshardCommand.FAILED;
            }
            case ReshardingOutcome.StoppedAtGate gate -> {
                if (!json) {
                    out.println(id + " " + gate.reason());
                    out.println("Approve with: reshard resume " + id + " --approve-cutover");
                    out.flush();
                }
                yield STOPPED_AT_GATE;
            }
            case ReshardingOutcome.Stopped stopped -> {
                if (!json) {
                    out.println(id + " stopped in " + stopped.state().phase().label() + ": " + stopped.reason());
                    out.println("Continue with: reshard resume " + id);
                    out.flush();
                }
                yield 0;
            }
        };
    }
}
