package org.reshard.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.Scene;
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
        await(() -> focusedId().equals("openDemo"));
        robot.press(KeyCode.ALT, KeyCode.D).release(KeyCode.D, KeyCode.ALT);
        await(() -> text("#target-summary").contains("orders-v2") && rows("#target-shards") == 3);
        // Topologies: "See the diff" has the focus; Space pushes it.
        await(() -> focusedId().equals("next"));
        robot.push(KeyCode.SPACE);
        await(() -> robot.lookup(".hash-ring-view").tryQuery().map(Node::isVisible).orElse(false));
        // Plan: Ctrl+4; the focus is in the first option, Tab goes down the options form.
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT4);
        await(() -> rows("#steps") == 2 && focusedId().equals("batchSize"));
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
        await(() -> robot.lookup(".cutover-dialog").tryQuery().isPresent());
        awaitOr(() -> focusedId().equals("acknowledge"), () -> "focus on " + focused() + " in " + Window.getWindows());
        robot.push(KeyCode.SPACE);
        await(() -> !robot.lookup("#approve").query().isDisabled());
        robot.push(KeyCode.ENTER);
        awaitOr(() -> robot.lookup(".cutover-dialog").tryQuery().isEmpty(), () -> "the dialog stays open; focus on " + focused());
        awaitOr(() -> text("#outcome").startsWith("Completed"), () -> "outcome " + text("#outcome") + " " + text("#headline"));
        // Query: Ctrl+6 puts the caret in the editor; Ctrl+Enter runs the statement there.
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT6);
        await(() -> focusedId().equals("sql-editor"));
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        await(() -> text("#summary").contains(" from "));
        // Back to Start with Ctrl+1: nothing interrupted, so the demo button has the focus again.
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        await(() -> focusedId().equals("openDemo"));
    }

    private void replaceFocusedText(String value) {
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(value);
        await(() -> focused() instanceof TextInputControl t && t.getText().equals(value));
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
            await(condition);
        } catch (AssertionError e) {
            throw new AssertionError(why.get(), e);
        }
    }

    private static void await(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.getAsBoolean();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within 60 s", e);
        }
    }
}
