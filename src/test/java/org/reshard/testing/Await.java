package org.reshard.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.testfx.util.WaitForAsyncUtils;

/** Polls a condition until it holds or a deadline passes: view-models and windows update on their own threads. */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Waits for the condition, checked on the calling thread. */
    public static void until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        until(timeout, condition, () -> "");
    }

    /** Waits for the condition; on timeout the error says what {@code shows} describes, to tell why it never held. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> shows) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String state = shows.get();
                throw new AssertionError("condition not met within " + timeout.toSeconds() + " s" + (state.isEmpty() ? "" : "; " + state));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Waits for the condition in a TestFX test, letting the JavaFX thread finish its queued events before each check. */
    public static void onFx(Duration timeout, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.getAsBoolean();
            });
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within " + timeout.toSeconds() + " s", e);
        }
    }
}
