package org.reshard.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.ConsoleSettings;
import org.reshard.ui.common.UiExecutor;
import org.reshard.ui.shell.MainViewModel;

/** The console's view-models on a demo workspace in a folder, without a window; UI updates run on the calling thread. */
public final class DemoConsole implements AutoCloseable {

    /** How long the demo's background work may take on a busy 2-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(90);
    private static final long DEMO_ROWS = 3_000;

    private final ConsoleSession session;
    private final MainViewModel main;

    private DemoConsole(Path home) {
        session = new ConsoleSession(new ConsoleSettings(home, DEMO_ROWS), UiExecutor.DIRECT, new TestTelemetry().telemetry());
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
    }
}
