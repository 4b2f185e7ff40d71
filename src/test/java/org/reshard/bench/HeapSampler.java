package org.reshard.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The most heap in use while something runs, sampled every millisecond, above what was in use before it started. */
public final class HeapSampler implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long before;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    public HeapSampler() {
        System.gc();
        before = memory.getHeapMemoryUsage().getUsed();
        peak = before;
        thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Megabytes of heap above the starting point at the peak (garbage not yet collected included). */
    public double peakMegabytes() {
        return (peak - before) / 1048576.0;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
