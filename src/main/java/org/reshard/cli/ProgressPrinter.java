package org.reshard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.reshard.common.Durations;
import org.reshard.state.ReshardingPhase;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingListener;

/** Prints what a run does: events and phase changes as they happen, progress at most every two seconds. */
final class ProgressPrinter implements ReshardingListener {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintWriter out;
    private final boolean json;
    private final Clock clock = Clock.systemDefaultZone();
    private long lastProgress;

    ProgressPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    @Override
    public void phaseStarted(String id, ReshardingPhase phase) {
        line("phase", id, phase.label() + " started", null);
    }

    @Override
    public void phaseCompleted(String id, ReshardingPhase phase, Duration took) {
        line("phase", id, phase.label() + " completed in " + Durations.human(took), null);
    }

    @Override
    public void event(String id, String message) {
        line("event", id, message, null);
    }

    @Override
    public synchronized void progress(OperationProgress p) {
        long now = System.nanoTime();
        if (now - lastProgress < INTERVAL.toNanos()) {
            return;
        }
        lastProgress = now;
        if (json) {
            ObjectNode node = OperationJson.of(p, clock.instant());
            node.put("type", "progress");
            print(node);
            return;
        }
        if (p.waiting() != null) {
            line("progress", p.id(), p.phase().label() + " " + p.waiting().describe(clock.instant()), null);
            return;
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s %5.1f%%", p.phase().label(), p.overallPercent()));
        for (OperationProgress.StepView s : p.steps()) {
            if (!s.copyDone() && s.rowsCopied() > 0) {
                text.append(String.format(Locale.ROOT, " | step %d %s %s→%s %s/%s rows", s.index(), s.table(), s.source(), s.target(),
                        Sizes.count(s.rowsCopied()), Sizes.count(s.estimatedRows())));
            }
        }
        if (p.rowsPerSecond() > 0) {
            text.append(" | ").append(Sizes.count(Math.round(p.rowsPerSecond()))).append(" rows/s");
        }
        if (p.phase() != ReshardingPhase.COPYING) {
            text.append(" | lag ").append(p.lagMs()).append(" ms");
        }
        line("progress", p.id(), text.toString(), null);
    }

    void line(String type, String id, String text, ObjectNode extra) {
        if (json) {
            ObjectNode node = extra == null ? MAPPER.createObjectNode() : extra;
            node.put("type", type).put("id", id).put("time", clock.instant().toString()).put("message", text);
            print(node);
        } else {
            out.println("[" + LocalTime.now(clock.withZone(ZoneId.systemDefault())).format(TIME) + "] " + text);
            out.flush();
        }
    }

    private synchronized void print(ObjectNode node) {
        out.println(node.toString());
        out.flush();
    }
}
