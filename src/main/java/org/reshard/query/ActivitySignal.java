package org.reshard.query;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the merging thread when any shard delivers a row, ends or fails, so it can wait on all shards at once. */
final class ActivitySignal {

    private final Semaphore events = new Semaphore(0);

    void signal() {
        events.release();
    }

    /** Waits until something happened since the last wait, or at most {@code millis}. */
    void await(long millis) throws InterruptedException {
        if (events.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            events.drainPermits();
        }
    }
}
