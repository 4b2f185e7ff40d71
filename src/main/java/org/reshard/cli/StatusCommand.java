package org.reshard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.postgresql.replication.LogSequenceNumber;
import org.reshard.common.Durations;
import org.reshard.common.Moments;
import org.reshard.common.Result;
import org.reshard.state.PhaseTiming;
import org.reshard.state.ReshardingState;
import org.reshard.state.SourceCaptureState;
import org.reshard.state.SqliteStateStore;
import org.reshard.workflow.OperationProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reshard status}: the operations in the state file, read without disturbing a running one. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show operations: phase, progress per step, phase history.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "One operation (default: all, newest first).")
    private String id;

    @Mixin
    private StateFileOption state;

    @Option(names = "--json", description = "Print JSON: an object for ID, an array otherwise.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Result<List<ReshardingState>> states = SqliteStateStore.openReadOnly(state.file()).flatMap(store -> {
            try (store) {
                return id == null ? store.list() : store.get(id).map(List::of);
            }
        });
        if (states instanceof Result.Failure<List<ReshardingState>> failure) {
            return ErrorPrinter.print(failure.error(), json, out, err);
        }
        Instant now = Instant.now();
        List<ReshardingState> found = states.orElseThrow();
        List<OperationProgress> operations = found.stream().map(s -> OperationProgress.of(s, "", 0)).toList();
        if (json) {
            if (id != null) {
                out.println(OperationJson.of(operations.getFirst(), found.getFirst().captures(), now).toPrettyString());
            } else {
                ArrayNode array = new ObjectMapper().createArrayNode();
                for (int i = 0; i < operations.size(); i++) {
                    array.add(OperationJson.of(operations.get(i), found.get(i).captures(), now));
                }
                out.println(array.toPrettyString());
            }
        } else if (operations.isEmpty()) {
            out.println("No operations in " + state.file() + ".");
        } else if (id == null) {
            out.printf("%-28s %-12s %7s  %-20s %s%n", "ID", "PHASE", "DONE", "STARTED", "NOTE");
            for (OperationProgress o : operations) {
                out.printf(Locale.ROOT, "%-28s %-12s %6.1f%%  %-20s %s%n", o.id(), o.phase().label(), o.overallPercent(),
                        o.history().getFirst().startedAt().toString().substring(0, 19), note(o));
            }
        } else {
            details(operations.getFirst(), now, out);
            captures(found.getFirst().captures(), out);
        }
        out.flush();
        return 0;
    }

    private static String note(OperationProgress o) {
        return o.failure() != null ? o.failure().code() : o.waiting() != null ? "waiting for " + o.waiting().what() : "";
    }

    /** Which change capture each source uses, as pre-flight decided, with logical decoding's slot and applied position. */
    private static void captures(Map<String, SourceCaptureState> captures, PrintWriter out) {
        if (captures.isEmpty()) {
            return;
        }
        out.println("Change capture:");
        captures.forEach((source, c) -> out.printf("  %-10s %-9s %s%s%n", source, c.method(), c.reason(), slot(c)));
    }

    /** Logical decoding's slot: whether it exists now (before install and after cutover it does not), and how far changes were applied. */
    private static String slot(SourceCaptureState c) {
        if (c.slot() == null) {
            return "";
        }
        String applied = c.position() == 0 ? "" : ", applied up to " + LogSequenceNumber.valueOf(c.position()).asString();
        return " (slot " + c.slot() + (c.installed() ? ", installed" : ", not installed") + applied + ")";
    }

    private static void details(OperationProgress o, Instant now, PrintWriter out) {
        out.printf(Locale.ROOT, "%s: %s, %.1f%% done%n", o.id(), o.phase().label(), o.overallPercent());
        if (o.waiting() != null) {
            out.println("  " + o.waiting().describe(now) + " (" + o.waiting().error().code() + ", since "
                    + Moments.relative(o.waiting().since(), now, java.time.ZoneId.systemDefault()) + "; gives up "
                    + Moments.relative(o.waiting().giveUpAt(), now, java.time.ZoneId.systemDefault()) + ")");
        }
        if (o.failure() != null) {
            out.println("  failed: " + o.failure().code() + ": " + o.failure().message().lines().findFirst().orElse(""));
            for (var cause = o.failure().cause(); cause != null; cause = cause.cause()) {
                out.println("  caused by " + cause.code() + ": " + cause.message().lines().findFirst().orElse(""));
            }
        }
        if (o.cleanupNotBefore() != null && o.phase().label().equals("CleaningUp")) {
            out.println("  moved rows stay on the sources until " + Moments.relative(o.cleanupNotBefore(), now, java.time.ZoneId.systemDefault()));
        }
        out.println();
        out.printf("%3s  %-12s %-18s %12s %12s %11s %8s  %s%n", "#", "TABLE", "SOURCE → TARGET", "ROWS COPIED", "OF EST.", "REPLICATED", "LAG", "VERIFIED");
        for (OperationProgress.StepView s : o.steps()) {
            String verified = s.verification() == null ? "-" : s.verification().matches() ? "✓" : "✗ " + s.verification().differingKeys();
            out.printf("%3d  %-12s %-18s %12s %12s %11s %6d ms  %s%n", s.index(), s.table(), s.source() + " → " + s.target(),
                    Sizes.count(s.rowsCopied()), Sizes.count(s.estimatedRows()), Sizes.count(s.rowsReplicated()), s.lagMs(), verified);
        }
        out.println();
        out.println("Phases:");
        for (PhaseTiming t : o.history()) {
            out.printf("  %-12s %s  %s%n", t.phase().label(), t.startedAt(), t.completedAt() == null ? "running for "
                    + Durations.human(t.duration(now)) : Durations.human(t.duration(now)));
        }
        o.warnings().forEach(w -> out.println("warning: " + w));
    }
}
