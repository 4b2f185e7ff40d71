package org.reshard.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.ConsoleSettings;
import org.reshard.ui.common.UiExecutor;
import org.reshard.ui.shell.MainViewModel;

/**
 * The console's view-models on a demo workspace in a folder, without a window. UI updates run on one thread of their
 * own, as the JavaFX Application Thread is one: run where each background task ended, two results arriving together
 * updated the same list at once (an IndexOutOfBoundsException inside {@code setAll}, reported by the next TestFX test).
 */
public final class DemoConsole implements AutoCloseable {

    /** How long the demo's background work may take on a busy 2-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(90);
    private static final long DEMO_ROWS = 3_000;

    private final ExecutorService uiThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "demo-console-ui");
        thread.setDaemon(true);
        return thread;
    });
    private final ConsoleSession session;
    private final MainViewModel main;

    private DemoConsole(Path home) {
        Thread ui = java.util.concurrent.CompletableFuture.supplyAsync(Thread::currentThread, uiThread).join();
        UiExecutor onUiThread = task -> {
            if (Thread.currentThread() == ui) {
                task.run();
            } else {
                uiThread.execute(task);
            }
        };
        session = new ConsoleSession(new ConsoleSettings(home, DEMO_ROWS), onUiThread, new TestTelemetry().telemetry());
        main = new MainViewModel(session);
    }

    /** A console on the home folder with nothing loaded, as after a launch. */
    public static DemoConsole open(Path home) {
        return new DemoConsole(home);
    }

    /** Opens the demo workspace (created the first time) and waits until it is loaded. */
    public DemoConsole openDemo() throws InterruptedException {
        CountDownLatch loaded = new CountDownLatch(1);
        main.start().openDemo(loaded::countDown);
        if (!loaded.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the demo did not open: " + main.start().errorProperty().get());
        }
        return this;
    }

    /** Waits until the plan, its table and the Start button's state have arrived (separate UI-thread updates). */
    public DemoConsole awaitPlan() throws InterruptedException {
        Await.until(WAIT, () -> session.planProperty().get() != null && main.plan().steps().size() == 2 && main.plan().canStartProperty().get());
        return this;
    }

    public ConsoleSession session() {
        return session;
    }

    public MainViewModel main() {
        return main;
    }

    @Override
    public void close() {
        session.close();
        uiThread.shutdown();
    }
}
