package org.reshard.ui.run;

import java.time.Instant;
import java.time.ZoneId;
import org.reshard.common.Moments;
import org.reshard.state.Waiting;

/** The Run screen's words for an operation waiting out a shard's fault, as the CLI's progress line says them. */
final class WaitingText {

    private WaitingText() {
    }

    /** What is waited for in a few words, for a phase chip a sixth of the screen wide: "waiting for s2". */
    static String brief(Waiting waiting) {
        return "waiting for " + (waiting.shard() != null ? waiting.shard() : waiting.what());
    }

    /** What is waited for and why, without the countdown, for a tooltip or a row that is not redrawn each second. */
    static String detail(Waiting waiting) {
        return "waiting for " + waiting.what() + ": " + waiting.reason();
    }

    /**
     * The banner's line at {@code now}: "waiting for shard s2 (127.0.0.1:5433): connection refused — retry 3 in 8 s
     * (reshard.shard.unreachable; giving up today 03:43, in 9 min 40 s)".
     */
    static String banner(Waiting waiting, Instant now, ZoneId zone) {
        return waiting.describe(now) + " (" + waiting.error().code() + "; giving up " + Moments.relative(waiting.giveUpAt(), now, zone) + ")";
    }

    /** Whether the step with these ends waits: the fault is on its source or its target. */
    static boolean concerns(Waiting waiting, String source, String target) {
        return waiting.shard() != null && (waiting.shard().equals(source) || waiting.shard().equals(target));
    }
}
