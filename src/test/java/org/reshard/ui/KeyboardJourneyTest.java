package org.reshard.ui;

import java.time.Duration;
import org.reshard.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main journey with the keyboard only — no click, no node handled by the test: demo → topologies → diff →
 * plan (options typed, Tab between them) → Start → cutover dialog (Space ticks, Enter approves) → Completed →
 * Query (Ctrl+Enter) → back to Start. Each screen takes the focus on its main control when it shows.
 */
class KeyboardJourneyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private ConsoleApp app;

    @BeforeEach
    void launch() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(ConsoleApp.class, "--home=" + home, "--demo-rows=3000");
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void cleanup() throws Exception {
        FxToolkit.cleanupApplication(app);
    }

    @Test
    void demoToCompletedAndAQueryWithTheKeyboardOnly() throws Exception {
        // Start: the demo button has the focus; Alt+D is its mnemonic.
        Await.onFx(WAIT, () -> focusedId().equals("openDemo"));
        robot.press(KeyCode.ALT, KeyCode.D).release(KeyCode.D, KeyCode.ALT);
        Await.onFx(WAIT, () -> text("#target-summary").contains("orders-v2") && rows("#target-shards") == 3);
        // Topologies: "See the diff" has the focus; Space pushes it.
        Await.onFx(WAIT, () -> focusedId().equals("next"));
        robot.push(KeyCode.SPACE);
        Await.onFx(WAIT, () -> robot.lookup(".hash-ring-view").tryQuery().map(Node::isVisible).orElse(false));
        // Plan: Ctrl+4; the focus is in the first option, Tab goes down the options form.
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT4);
        Await.onFx(WAIT, () -> rows("#steps") == 2 && focusedId().equals("batchSize"));
        replaceFocusedText("200");
        robot.push(KeyCode.TAB);
        assertThat(focusedId()).isEqualTo("lagThreshold");
        robot.push(KeyCode.TAB);
        robot.push(KeyCode.TAB);
        robot.push(KeyCode.TAB);
        assertThat(focusedId()).isEqualTo("retention");
        replaceFocusedText("0s");
        awaitOr(() -> !robot.lookup("#start").query().isDisabled(), () -> "Start stays disabled: " + text("#formError") + " | "
                + text("#batchSizeError") + text("#retentionError") + " | " + text("#title") + " | batch "
                + ((TextInputControl) robot.lookup("#batchSize").query()).getText() + " retention "
                + ((TextInputControl) robot.lookup("#retention").query()).getText());
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        // The cutover dialog: the acknowledgement has the focus, Space ticks it, Enter approves.
        Await.onFx(WAIT, () -> robot.lookup(".cutover-dialog").tryQuery().isPresent());
        awaitOr(() -> focusedId().equals("acknowledge"), () -> "focus on " + focused() + " in " + Window.getWindows());
        robot.push(KeyCode.SPACE);
        Await.onFx(WAIT, () -> !robot.lookup("#approve").query().isDisabled());
        robot.push(KeyCode.ENTER);
        awaitOr(() -> robot.lookup(".cutover-dialog").tryQuery().isEmpty(), () -> "the dialog stays open; focus on " + focused());
        awaitOr(() -> text("#outcome").startsWith("Completed"), () -> "outcome " + text("#outcome") + " " + text("#headline"));
        // Query: Ctrl+6 puts the caret in the editor; Ctrl+Enter runs the statement there.
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT6);
        Await.onFx(WAIT, () -> focusedId().equals("sql-editor"));
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        Await.onFx(WAIT, () -> text("#summary").contains(" from "));
        // Back to Start with Ctrl+1: nothing interrupted, so the demo button has the focus again.
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        Await.onFx(WAIT, () -> focusedId().equals("openDemo"));
    }

    private void replaceFocusedText(String value) {
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(value);
        Await.onFx(WAIT, () -> focused() instanceof TextInputControl t && t.getText().equals(value));
    }

    private Node focused() {
        // The window on top: the cutover dialog while it shows, else the main window.
        java.util.List<Window> showing = Window.getWindows().stream().filter(Window::isShowing).toList();
        Window top = showing.isEmpty() ? stage : showing.getLast();
        return top.getScene() == null ? null : top.getScene().getFocusOwner();
    }

    /** The focus owner's id, or its nearest ancestor's that has one (the editor's focus is on an inner node). */
    private String focusedId() {
        for (Node n = focused(); n != null; n = n.getParent()) {
            if (n.getId() != null) {
                return n.getId();
            }
        }
        return "";
    }

    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> n instanceof Labeled l ? l.getText() : "").orElse("");
    }

    private int rows(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((TableView<?>) n).getItems().size()).orElse(0);
    }

    private static void awaitOr(BooleanSupplier condition, java.util.function.Supplier<String> why) {
        try {
            Await.onFx(WAIT, condition);
        } catch (AssertionError e) {
            throw new AssertionError(why.get(), e);
        }
    }
}
