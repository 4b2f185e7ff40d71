package org.reshard.ui;

import java.time.Duration;
import org.reshard.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.SqliteStateStore;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The operator's journeys through the real console, headless: demo → topologies → diff → plan →
 * start → approve the cutover → Completed; cutover with the default retention → Query screen on the
 * new active topology; and close mid-copy → relaunch → resume → Completed.
 */
class ConsoleJourneyTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private ConsoleApp app;

    @BeforeEach
    void toolkit() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void cleanup() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
    }

    @Test
    void demoToCompletedThroughTheCutoverDialog() throws Exception {
        launch(3_000);
        robot.clickOn("#openDemo");
        Await.onFx(WAIT, () -> text("#current-summary").contains("orders-v1") && text("#target-summary").contains("orders-v2"));
        Await.onFx(WAIT, () -> rows("#target-shards") == 3 && robot.lookup("#target-shards").queryAs(TableView.class).getItems().stream()
                .allMatch(row -> ((org.reshard.ui.topology.ShardRow) row).reachable()));
        robot.clickOn("#next");
        Await.onFx(WAIT, () -> robot.lookup(".hash-ring-view").tryQuery().isPresent());
        robot.clickOn("#nav-plan");
        Await.onFx(WAIT, () -> rows("#steps") == 2);
        type("#batchSize", "200");
        type("#retention", "0s");
        robot.clickOn("#start");
        approveCutover();
        Await.onFx(WAIT, () -> text("#outcome").startsWith("Completed"));
        assertThat(robot.lookup("#phase-CleaningUp").query().getStyleClass()).contains("phase-done");
        assertThat(robot.lookup("#log").queryListView().getItems()).isNotEmpty();
        assertThat(storedPhase()).isEqualTo(ReshardingPhase.COMPLETED);
    }

    @Test
    void afterTheCutoverTheQueryScreenRunsOnTheRegistrysActiveTopology() throws Exception {
        launch(3_000);
        robot.clickOn("#openDemo");
        Await.onFx(WAIT, () -> text("#current-summary").contains("orders-v1") && text("#target-summary").contains("orders-v2"));
        robot.clickOn("#nav-plan");
        Await.onFx(WAIT, () -> rows("#steps") == 2);
        type("#batchSize", "200");
        // Retention stays at its default, so the old shards keep every moved row while the query runs.
        robot.clickOn("#start");
        approveCutover();
        Await.onFx(WAIT, () -> robot.lookup("#phase-CleaningUp").query().getStyleClass().contains("phase-running"));

        robot.clickOn("#nav-query");
        Await.onFx(WAIT, () -> text(".query-screen #topologyTitle").startsWith("Queries now run on orders-v2, the registry's active topology since "));
        assertThat(text(".query-screen #topologyTitle")).containsPattern("\\(cutover of operation [^)]+\\)$");
        assertThat(text(".query-screen #topologyText")).startsWith("The loaded current topology, orders-v1, is no longer active. The shards of"
                + " orders-v1 keep the rows that moved until ");
        assertThat(text(".query-screen #subtitle")).startsWith("On orders-v2, the registry's active topology (version 2) · 3 of 3 shards");

        robot.clickOn("#run");
        Await.onFx(WAIT, () -> text("#summary").contains(" from "));
        assertThat(text("#summary")).startsWith("6 rows from 3 of 3 shards · on orders-v2 · ");
        assertThat(robot.lookup("#warningsBanner").query().isVisible()).isFalse();
        TableView<?> results = robot.lookup("#results").queryAs(TableView.class);
        assertThat(results.getColumns().get(1).getText()).isEqualTo("orders");
        long orders = results.getItems().stream().mapToLong(row -> ((Number) ((List<?>) row).get(1)).longValue()).sum();

        // Stop waiting out the retention first, so the window closes with the operation at a checkpoint.
        robot.clickOn("#nav-run");
        robot.clickOn("#pause");
        Await.onFx(WAIT, () -> text("#outcome").startsWith("Stopped"));
        assertThat(orders).as("each of the demo's orders counted once, though the old shards still hold the moved ones").isEqualTo(3_000);
    }

    @Test
    void runScreenPreloadsItsCellsWithoutKeepingTheSampleRows() throws Exception {
        launch(3_000);
        Await.onFx(WAIT, () -> robot.lookup("#rateChart").tryQuery().isPresent());
        // The rehearsal built the log's cells while the screen was hidden…
        Await.onFx(WAIT, () -> !robot.lookup(".log-pane .list-cell").queryAll().isEmpty());
        // …and the screen shows the model's empty lists, not the samples.
        robot.clickOn("#nav-run");
        Await.onFx(WAIT, () -> robot.lookup("#rateChart").query().isVisible());
        assertThat(robot.lookup(".log-pane").queryListView().getItems()).isEmpty();
        assertThat(chartPoints("#rateChart") + chartPoints("#lagChart") + chartPoints("#reverseLagChart")).isZero();
        // No line is left drawn from the samples either: each chart has only the model's series, with an empty path.
        for (String chart : List.of("#rateChart", "#lagChart", "#reverseLagChart")) {
            assertThat(robot.lookup(chart).queryAs(LineChart.class).getData()).hasSize(1);
            assertThat(robot.lookup(chart + " .chart-series-line").queryAllAs(javafx.scene.shape.Path.class))
                    .isNotEmpty().allSatisfy(line -> assertThat(line.getElements()).as(chart).isEmpty());
        }
        assertThat(rows("#steps")).isZero();
        // The cutover dialog rehearsed too, without showing a window.
        assertThat(Window.getWindows().stream().filter(Window::isShowing).count()).isEqualTo(1);
        assertThat(robot.lookup(".bar-text").queryAll().stream().filter(javafx.scene.Node::isVisible)
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null && !t.isEmpty()).toList()).isEmpty();
    }

    @Test
    void closingMidCopyThenRelaunchingResumesToCompleted() throws Exception {
        launch(40_000);
        robot.clickOn("#openDemo");
        Await.onFx(WAIT, () -> text("#current-summary").contains("orders-v1"));
        robot.clickOn("#nav-plan");
        Await.onFx(WAIT, () -> rows("#steps") == 2);
        // Small batches keep the copy running longer than the close request takes to arrive (copy steps run in parallel).
        type("#batchSize", "10");
        type("#retention", "0s");
        robot.clickOn("#start");
        Await.onFx(WAIT, () -> robot.lookup("#phase-Copying").tryQuery().map(n -> n.getStyleClass().contains("phase-running")).orElse(false)
                && robot.lookup("#steps").queryAs(TableView.class).getItems().stream()
                        .anyMatch(row -> ((org.reshard.ui.run.StepProgressRow) row).copied() > 0));
        // Not interact(): the close request opens a modal confirmation, which would block interact() until answered.
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        Await.onFx(WAIT, () -> robot.lookup("Stop and close").tryQuery().isPresent());
        robot.clickOn("Stop and close");
        Await.onFx(WAIT, () -> !stage.isShowing());
        assertThat(storedPhase()).isEqualTo(ReshardingPhase.COPYING);
        FxToolkit.cleanupApplication(app);

        launch(40_000);
        Await.onFx(WAIT, () -> robot.lookup(".resume-operation").tryQuery().isPresent());
        assertThat(robot.lookup(".interrupted-card").queryAll()).hasSize(1);
        robot.clickOn(".resume-operation");
        approveCutover();
        Await.onFx(WAIT, () -> text("#outcome").startsWith("Completed"));
        assertThat(storedPhase()).isEqualTo(ReshardingPhase.COMPLETED);
    }

    private void launch(long demoRows) throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(ConsoleApp.class, "--home=" + home, "--demo-rows=" + demoRows);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void approveCutover() throws Exception {
        Await.onFx(WAIT, () -> robot.lookup(".cutover-dialog").tryQuery().isPresent());
        // The run is still active at the gate, so the charts keep sampling the telemetry gauges.
        Await.onFx(WAIT, () -> chartPoints("#rateChart") > 0 && chartPoints("#lagChart") > 0);
        assertThat(robot.lookup("#approve").queryButton().isDisabled()).isTrue();
        // The countdown's clock runs while the dialog shows (it starts on show, not on load).
        String countdown = text("#countdown");
        assertThat(countdown).endsWith("s left to decide before the cutover timeout");
        Await.onFx(WAIT, () -> !text("#countdown").equals(countdown));
        robot.clickOn("#acknowledge");
        robot.clickOn("#approve");
    }

    private void type(String query, String value) {
        robot.interact(() -> robot.lookup(query).queryAs(TextInputControl.class).setText(value));
    }

    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> n instanceof Labeled l ? l.getText() : "").orElse("");
    }

    private int chartPoints(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((LineChart<?, ?>) n).getData().stream().mapToInt(series -> series.getData().size()).sum())
                .orElse(0);
    }

    private int rows(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((TableView<?>) n).getItems().size()).orElse(0);
    }

    private ReshardingPhase storedPhase() {
        try (SqliteStateStore store = SqliteStateStore.openReadOnly(home.resolve("state.db")).orElseThrow()) {
            return store.list().orElseThrow().stream().findFirst().map(ReshardingState::phase).orElseThrow();
        }
    }

}
