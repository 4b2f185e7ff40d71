package org.reshard.ui.run;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.reshard.common.Moments;
import org.reshard.state.ReshardingStateStore.Durability;
import org.reshard.state.Waiting;
import org.reshard.testing.TestTelemetry;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.ConsoleSettings;
import org.reshard.ui.common.Stylesheets;
import org.reshard.ui.common.UiExecutor;
import org.reshard.ui.shell.MainViewModel;
import org.reshard.ui.shell.Screen;
import org.reshard.ui.shell.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes docs/screenshots/run-waiting.png: the Run screen fed {@link WaitingRun}'s progress, as no demo run can be made to
 * wait on cue. {@code DISPLAY=:77 java -cp … org.reshard.ui.run.RunWaitingShot DIR}. Not a test: it documents the screen.
 */
public final class RunWaitingShot {

    private static final Logger ENGINE = LoggerFactory.getLogger("org.reshard.workflow");

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        ConsoleSession session = new ConsoleSession(new ConsoleSettings(Files.createTempDirectory("reshard-shot"), 3_000), UiExecutor.FX,
                new TestTelemetry().telemetry());
        MainViewModel main = new MainViewModel(session);
        CountDownLatch shown = new CountDownLatch(1);
        Platform.startup(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            Stage stage = new Stage();
            Scene scene = new Scene(new Views(main).main(), 1280, 800);
            scene.getStylesheets().addAll(Stylesheets.all());
            stage.setTitle("Reshard Console");
            stage.setScene(scene);
            stage.show();
            main.screenProperty().set(Screen.RUN);
            Instant now = Instant.now();
            RunViewModel run = main.run();
            run.began(WaitingRun.ID, WaitingRun.ID + " — Copying");
            run.showProgress(WaitingRun.whileWaiting(now, 8), now);
            logTheWait(run, now);
            // The state file holds the wait as the engine saves it, so the status bar's health check says Degraded.
            session.store().save(WaitingRun.copying(now).edit().waiting(WaitingRun.waiting(now, 8)).build(), Durability.PHASE_TRANSITION);
            main.health().check();
            shown.countDown();
        });
        shown.await(30, TimeUnit.SECONDS);
        // A few seconds of countdown and chart samples (no rows move while it waits).
        Thread.sleep(4_500);
        Process p = new ProcessBuilder("import", "-window", "root", out.resolve("run-waiting.png").toString()).inheritIO().start();
        p.waitFor(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    /** The engine's lines of the three attempts so far, as they reach the log pane and the activity line. */
    private static void logTheWait(RunViewModel run, Instant now) {
        Waiting waiting = WaitingRun.waiting(now, 8);
        try (var operation = MDC.putCloseable("operation", WaitingRun.ID); var phase = MDC.putCloseable("phase", "Copying")) {
            ENGINE.info("copying orders shard-0 → shard-1");
            ENGINE.info("copying orders shard-1 → shard-2");
            // The backoff doubles with jitter: about 1 s, 2 s, then the 8 s the progress says.
            int[] delays = {1, 2, 8};
            for (int attempt = 1; attempt <= delays.length; attempt++) {
                String line = "waiting for " + waiting.what() + ": " + waiting.reason() + " — retry " + attempt + " in " + delays[attempt - 1]
                        + " s (" + waiting.error().code() + "; giving up " + Moments.relative(waiting.giveUpAt(), now, ZoneId.systemDefault()) + ")";
                ENGINE.info(line);
                run.event(WaitingRun.ID, line);
            }
        }
    }
}
