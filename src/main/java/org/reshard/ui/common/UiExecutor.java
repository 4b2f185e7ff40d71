package org.reshard.ui.common;

import java.util.concurrent.Executor;
import javafx.application.Platform;

/** Where view-models publish results: the JavaFX Application Thread in the app, the calling thread in unit tests. */
public interface UiExecutor extends Executor {

    /** Runs on the JavaFX Application Thread, at once when already on it. */
    UiExecutor FX = task -> {
        if (Platform.isFxApplicationThread()) {
            task.run();
        } else {
            Platform.runLater(task);
        }
    };

    /** Runs on the calling thread; for view-model tests without a toolkit. */
    UiExecutor DIRECT = Runnable::run;
}
