package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.testing.Await;
import org.reshard.testing.TestTelemetry;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.ConsoleSettings;
import org.reshard.ui.common.Stylesheets;
import org.reshard.ui.common.UiExecutor;
import org.reshard.ui.shell.MainViewModel;
import org.reshard.ui.shell.Screen;
import org.reshard.ui.shell.Views;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Run screen in a window while the operation waits for a shard: the amber chip, rows and banner, and their going away. */
class RunWaitingViewTest {

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private ConsoleSession session;
    private MainViewModel main;

    @BeforeEach
    void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        session = new ConsoleSession(new ConsoleSettings(home, 3_000), UiExecutor.FX, new TestTelemetry().telemetry());
        main = new MainViewModel(session);
        FxToolkit.setupStage(stage -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            Scene scene = new Scene(new Views(main).main(), 1280, 800);
            scene.getStylesheets().addAll(Stylesheets.all());
            stage.setScene(scene);
            stage.show();
            main.screenProperty().set(Screen.RUN);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        session.close();
    }

    @Test
    void theWaitingPhaseAndStepsTurnAmberTheBannerNamesTheShardAndAllClearsWhenItAnswers() {
        Instant now = Instant.now();
        RunViewModel run = main.run();
        robot.interact(() -> {
            run.showOperation(WaitingRun.ID);
            // A retry a minute away leaves the countdown room on a busy machine.
            run.showProgress(WaitingRun.whileWaiting(now, 60), now);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node copying = robot.lookup("#phase-Copying").query();
        assertThat(copying.getStyleClass()).contains("phase-waiting").doesNotContain("phase-running");
        assertThat(robot.from(copying).lookup(".phase-waiting-for").queryAs(Label.class).getText()).isEqualTo("waiting for shard-1");
        assertThat(robot.lookup("#phase-Planning").query().getStyleClass()).contains("phase-done");
        // Both steps touch shard-1: one copies from it, the other into it.
        assertThat(waitingRows()).hasSize(2).allSatisfy(r -> assertThat(r.getStyleClass()).contains("step-copying"));
        assertThat(robot.lookup("#waitingBanner").query().isVisible()).isTrue();
        assertThat(robot.lookup("#activity").query().isVisible()).as("the banner stands in for the activity line").isFalse();
        Label banner = robot.lookup("#waitingText").queryAs(Label.class);
        assertThat(banner.getText()).matches("waiting for shard shard-1 \\(demo/shard-1\\.db\\): database file locked — retry 3 in \\d+ s "
                + "\\(reshard\\.shard\\.unreachable; giving up .*, in 9 min \\d+ s\\)");
        // No progress arrives while the engine sleeps: the screen counts down by itself.
        int first = secondsToRetry(banner.getText());
        Await.onFx(Duration.ofSeconds(5), () -> secondsToRetry(banner.getText()) < first);

        robot.interact(() -> run.showProgress(WaitingRun.afterWaiting(now.plusSeconds(9)), now.plusSeconds(9)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(copying.getStyleClass()).contains("phase-running").doesNotContain("phase-waiting");
        assertThat(robot.from(copying).lookup(".phase-waiting-for").query().isVisible()).isFalse();
        assertThat(waitingRows()).isEmpty();
        assertThat(robot.lookup("#waitingBanner").query().isVisible()).isFalse();
        assertThat(robot.lookup("#activity").query().isVisible()).isTrue();
    }

    private static int secondsToRetry(String banner) {
        Matcher m = Pattern.compile("retry 3 in (\\d+) s").matcher(banner);
        assertThat(m.find()).as(banner).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private List<TableRow<?>> waitingRows() {
        return robot.lookup(".table-row-cell").<TableRow<?>>queryAll().stream()
                .filter(r -> r.getItem() != null && r.getStyleClass().contains("step-waiting")).toList();
    }
}
