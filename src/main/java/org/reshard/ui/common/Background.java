package org.reshard.ui.common;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the console's long work off the JavaFX Application Thread and hands results back on the UI
 * executor, so the window never freezes.
 */
public final class Background implements AutoCloseable {

    /** How long closing waits for interrupted work to end; the window is gone by then, so nothing freezes. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final ExecutorService pool;
    private final UiExecutor ui;

    public Background(UiExecutor ui) {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "console-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            // The lowest priority, which every thread the work starts inherits (copy lanes, readers, query
            // workers): a resharding can fill every core, and the window must still get its frames. On Linux
            // this takes the launchers' -XX:ThreadPriorityPolicy=1 (nice 10 for this priority; see README).
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
        this.ui = ui;
    }

    public UiExecutor ui() {
        return ui;
    }

    /** Computes off the UI thread, then passes the value (or the failure) to the callbacks on the UI thread. */
    public <T> CompletableFuture<T> run(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        CompletableFuture<T> future;
        try {
            future = CompletableFuture.supplyAsync(work, pool);
        } catch (RejectedExecutionException closed) {
            // The window closed; late timers and listeners have nothing left to update.
            return CompletableFuture.failedFuture(new IllegalStateException("the console is closed", closed));
        }
        future.whenComplete((value, error) -> ui.execute(() -> {
            if (error == null) {
                onSuccess.accept(value);
            } else {
                onFailure.accept(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : error);
            }
        }));
        return future;
    }

    /**
     * Interrupts the work still running and waits a while for it to end, so that what the caller closes next (the
     * state file, the shards' files) is no longer in use, and nothing writes into a folder about to be removed.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
