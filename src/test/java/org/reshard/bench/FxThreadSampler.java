package org.reshard.bench;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the JavaFX thread spends a long pulse gap: a daemon samples that thread's stack every 2 ms and
 * keeps the last few seconds; {@link #describe} counts the samples of a time window by the first frame
 * that is ours (org.reshard) or, failing that, by the innermost JavaFX frame. A diagnostic for
 * {@link GuiBench} ({@code -Dbench.fxStacks=true}), not a figure: sampling itself costs the thread a little.
 */
final class FxThreadSampler {

    private record Sample(long nanos, String frame) {
    }

    private static final long PERIOD_MILLIS = 2;
    private static final long KEEP_NANOS = 5_000_000_000L;

    private final Thread fx;
    private final Deque<Sample> samples = new ArrayDeque<>();

    private FxThreadSampler(Thread fx) {
        this.fx = fx;
    }

    /** Starts sampling {@code fx} (call it on the JavaFX thread with {@code Thread.currentThread()}). */
    static FxThreadSampler start(Thread fx) {
        FxThreadSampler sampler = new FxThreadSampler(fx);
        Thread thread = new Thread(sampler::run, "fx-sampler");
        thread.setDaemon(true);
        thread.start();
        return sampler;
    }

    private void run() {
        while (true) {
            StackTraceElement[] stack = fx.getStackTrace();
            long now = System.nanoTime();
            synchronized (samples) {
                samples.addLast(new Sample(now, frameOf(stack)));
                while (!samples.isEmpty() && now - samples.peekFirst().nanos() > KEEP_NANOS) {
                    samples.removeFirst();
                }
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The window's samples counted by frame, most first, e.g. "12× RunController.bindChart, 3× (idle)". */
    String describe(long fromNanos, long toNanos) {
        Map<String, Long> counts;
        synchronized (samples) {
            counts = samples.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos)
                    .collect(Collectors.groupingBy(Sample::frame, LinkedHashMap::new, Collectors.counting()));
        }
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(e -> String.format(Locale.ROOT, "%d× %s", e.getValue(), e.getKey())).collect(Collectors.joining(", "));
    }

    private static String frameOf(StackTraceElement[] stack) {
        if (stack.length == 0) {
            return "(no stack)";
        }
        if (stack[0].getMethodName().contains("_runLoop") || stack[0].getMethodName().equals("_invokeAndWait")) {
            return "(idle)";
        }
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("org.reshard.") && !frame.getClassName().startsWith("org.reshard.bench.")) {
                return shortName(frame);
            }
            if (frame.getClassName().startsWith("org.reshard.bench.")) {
                return "bench: " + shortName(frame);
            }
        }
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("javafx.") || frame.getClassName().startsWith("com.sun.javafx.")) {
                return "fx: " + shortName(frame);
            }
        }
        return shortName(stack[0]);
    }

    private static String shortName(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethodName();
    }
}
