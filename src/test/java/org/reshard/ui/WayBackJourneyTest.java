package org.reshard.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.Await;
import org.reshard.topology.TopologyRegistry;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The way back through the real console, headless: run the demo with an hour of retention → approve the cutover →
 * Cleaning up offers Switch back and Complete → Switch back → confirm in its dialog → the Run screen shows the old
 * topology serving again (Replicating, the engine's "switched back" line, Resume and Roll back on) and the registry's
 * active version is the old topology; Resume then switches forward through the cutover gate. And Complete, which asks first, ends the retention.
 */
class WayBackJourneyTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private ConsoleApp app;

    @BeforeEach
    void toolkit() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        assertThat(stage).isNotNull();
    }

    @AfterEach
    void cleanup() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        // A dialog left open by a failed step would be modal over the next test's window.
        FxToolkit.cleanupStages();
    }

    @Test
    void cutoverThenSwitchBackLeavesTheOldTopologyServingAndResumeSwitchesForward() throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(ConsoleApp.class, "--home=" + home, "--demo-rows=3000");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#openDemo");
        Await.onFx(WAIT, () -> text("#current-summary").contains("orders-v1") && text("#target-summary").contains("orders-v2"));
        robot.clickOn("#nav-plan");
        Await.onFx(WAIT, () -> rows("#steps") == 2);
        type("#batchSize", "200");
        type("#retention", "1h");
        assertThat(visible("#switchBack")).as("no way back before an operation publishes").isFalse();
        robot.clickOn("#start");

        Await.onFx(WAIT, () -> clickable("#acknowledge"));
        // The retention ends an hour from the wall clock, so after 23:00 it ends tomorrow.
        assertThat(text("#wayBack")).matches("you can switch back until cleanup starts at (today|tomorrow) \\d\\d:\\d\\d, in 1 h");
        robot.clickOn("#acknowledge");
        robot.clickOn("#approve");

        Await.onFx(WAIT, () -> visible("#switchBack") && visible("#complete"));
        assertThat(robot.lookup("#phase-CleaningUp").query().getStyleClass()).contains("phase-running");
        assertThat(robot.lookup("#rollBack").queryButton().isDisabled()).isTrue();
        assertThat(headers("#steps")).contains("Rows reversed", "Reverse lag");
        robot.clickOn("#switchBack");

        Await.onFx(WAIT, () -> robot.lookup(".switch-back-dialog").tryQuery().isPresent());
        assertThat(text(".switch-back-dialog #title")).endsWith(" back to orders-v1");
        assertThat(text("#whatHappens")).contains("publishes orders-v1 again");
        // Keyboard: the dialog opens with Switch back focused, so Enter confirms.
        Await.onFx(WAIT, () -> robot.lookup("#confirmSwitchBack").query().isFocused());
        robot.type(javafx.scene.input.KeyCode.ENTER);

        Await.onFx(WAIT, () -> text("#outcome").startsWith("Switched back"));
        assertThat(text("#outcome")).contains("orders-v1 serves again (registry version ");
        assertThat(text("#headline")).contains("Replicating");
        assertThat(robot.lookup("#phase-Replicating").query().getStyleClass()).contains("phase-running");
        Await.onFx(WAIT, () -> robot.lookup("#log").queryListView().getItems().stream()
                .anyMatch(e -> ((org.reshard.ui.common.ConsoleLog.Entry) e).message().contains("switched back: orders-v1 serves again (registry version ")));
        Await.onFx(WAIT, () -> !robot.lookup("#resume").queryButton().isDisabled() && !robot.lookup("#rollBack").queryButton().isDisabled());
        assertThat(visible("#switchBack") || visible("#complete")).isFalse();
        assertThat(text("#error")).isEmpty();

        ReshardingState state = stored();
        assertThat(state.phase()).isEqualTo(ReshardingPhase.REPLICATING);
        String registry = state.plan().path("from").path("topology").path("registry").asText();
        assertThat(new TopologyRegistry(registry).active().orElseThrow().name()).isEqualTo("orders-v1");

        // Resume switches forward: through the cutover gate again, then back in the retention with the way back open.
        robot.clickOn("#resume");
        Await.onFx(WAIT, () -> clickable("#acknowledge"));
        robot.clickOn("#acknowledge");
        robot.clickOn("#approve");
        Await.onFx(WAIT, () -> visible("#switchBack") && visible("#complete"));
        assertThat(new TopologyRegistry(registry).active().orElseThrow().name()).isEqualTo("orders-v2");
        // Stop waiting out the retention, so the window closes with the operation at a checkpoint.
        robot.clickOn("#pause");
        Await.onFx(WAIT, () -> text("#outcome").startsWith("Stopped"));
    }

    @Test
    void completeAsksFirstThenEndsTheRetention() throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(ConsoleApp.class, "--home=" + home, "--demo-rows=3000");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#openDemo");
        Await.onFx(WAIT, () -> text("#current-summary").contains("orders-v1") && text("#target-summary").contains("orders-v2"));
        robot.clickOn("#nav-plan");
        Await.onFx(WAIT, () -> rows("#steps") == 2);
        type("#batchSize", "200");
        type("#retention", "1h");
        robot.clickOn("#start");
        Await.onFx(WAIT, () -> clickable("#acknowledge"));
        robot.clickOn("#acknowledge");
        robot.clickOn("#approve");
        Await.onFx(WAIT, () -> visible("#complete"));

        // Not clickOn(): the question is a modal Alert, whose nested event loop would hold the click until answered.
        javafx.application.Platform.runLater(() -> robot.lookup("#complete").queryButton().fire());
        Await.onFx(WAIT, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        assertThat(robot.lookup(".dialog-pane .content").queryLabeled().getText())
                .matches("Cleanup deletes the old owners' copies of the moved rows now instead of (today|tomorrow) \\d\\d:\\d\\d, .*")
                .endsWith("Switching back is no longer possible.");
        // The dialog's own button: the Run screen's Complete button, behind the modal dialog, has the same text.
        robot.clickOn(robot.from(robot.lookup(".dialog-pane").queryAll()).lookup(".button")
                .match((javafx.scene.control.Labeled l) -> "Complete".equals(l.getText())).<Node>query());

        Await.onFx(WAIT, () -> text("#outcome").startsWith("Completed"));
        assertThat(visible("#switchBack") || visible("#complete")).isFalse();
        assertThat(stored().phase()).isEqualTo(ReshardingPhase.COMPLETED);
    }

    /**
     * Whether a click on the node would land: the dialog's node reports isVisible() a moment before its window has
     * a size, and TestFX's clickOn() refuses a node outside its scene's bounds.
     */
    private boolean clickable(String query) {
        return robot.lookup(query).match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent();
    }

    private boolean visible(String query) {
        return robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false);
    }

    private java.util.List<String> headers(String query) {
        return robot.lookup(query).queryAs(TableView.class).getColumns().stream().map(c -> ((javafx.scene.control.TableColumn<?, ?>) c).getText()).toList();
    }

    private void type(String query, String value) {
        robot.interact(() -> robot.lookup(query).queryAs(TextInputControl.class).setText(value));
    }

    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> n instanceof Labeled l ? l.getText() : "").orElse("");
    }

    private int rows(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((TableView<?>) n).getItems().size()).orElse(0);
    }

    private ReshardingState stored() {
        try (SqliteStateStore store = SqliteStateStore.openReadOnly(home.resolve("state.db")).orElseThrow()) {
            return store.list().orElseThrow().stream().findFirst().orElseThrow();
        }
    }
}
