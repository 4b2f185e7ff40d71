package org.reshard.ui.common;

import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.Scene;

/** Spreads JavaFX-thread work over pulses, so that no single pulse of a live screen waits for all of it. */
public final class Pulses {

    private Pulses() {
    }

    /**
     * Runs {@code work} on the JavaFX thread after the scene's next pulse. A plain {@code runLater} can run
     * before a pulse that is already due, so two of them in a row may still hold up the same frame.
     */
    public static void afterNext(Scene scene, Runnable work) {
        AtomicBoolean scheduled = new AtomicBoolean();
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (scheduled.compareAndSet(false, true)) {
                // Removed in the runLater: the scene is iterating its listeners while this one runs.
                Platform.runLater(() -> {
                    scene.removePostLayoutPulseListener(listener[0]);
                    work.run();
                });
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
        Platform.requestNextPulse();
    }
}
