package org.reshard.ui.query;

import java.time.Duration;
import org.reshard.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.ui.ConsoleApp;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The query editor in the real console, headless: run with Ctrl+Enter, sort, copy, refusals, history and the write lock. */
class QueryEditorTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private ConsoleApp app;

    @BeforeEach
    void launch() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(ConsoleApp.class, "--home=" + home, "--demo-rows=2000");
        robot.clickOn("#openDemo");
        Await.onFx(WAIT, () -> text("#current-summary").contains("orders-v1"));
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        Await.onFx(WAIT, () -> robot.lookup("#sql-editor").tryQuery().isPresent());
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
    }

    @Test
    void ctrlEnterRunsTheStatementAndTheGridSortsAndCopies() throws Exception {
        edit("SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY status");
        robot.clickOn("#sql-editor");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        Await.onFx(WAIT, () -> results().getItems().size() == 6);

        assertThat(shards().getItems()).extracting(r -> ((ShardStatusRow) r).state()).containsOnly(ShardState.DONE).hasSize(2);
        assertThat(column(0)).isSorted();
        long total = results().getItems().stream().mapToLong(row -> (Long) ((List<?>) row).get(1)).sum();
        assertThat(total).isEqualTo(2000);

        robot.clickOn(robot.lookup("#results .column-header .label").match((Labeled l) -> "n".equals(l.getText())).<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        List<Long> counts = results().getItems().stream().map(row -> (Long) ((List<?>) row).get(1)).toList();
        assertThat(counts).isSorted();

        robot.clickOn(robot.lookup("#results .table-row-cell").nth(0).<Node>query());
        robot.interact(() -> {
            results().getSelectionModel().clearAndSelect(0, results().getColumns().get(0));
            results().getSelectionModel().select(0, results().getColumns().get(1));
        });
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        List<?> first = (List<?>) results().getItems().getFirst();
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get(5, TimeUnit.SECONDS);
        assertThat(copied).isEqualTo(first.get(0) + "\t" + first.get(1) + "\n");
    }

    @Test
    void aRefusalShowsABannerAndTheHistoryBringsAQueryBack() throws Exception {
        edit("SELECT count(*) FROM orders");
        robot.clickOn("#run");
        Await.onFx(WAIT, () -> results().getItems().size() == 1);
        edit("SELECT DISTINCT ON (status) date_trunc('day', created_at) FROM orders");
        robot.clickOn("#run");
        Await.onFx(WAIT, () -> robot.lookup("#messageTitle").queryLabeled().isVisible() && text("#messageTitle").startsWith("Refused"));

        assertThat(text("#messageTitle")).isEqualTo("Refused (reshard.query.unsupported)");
        assertThat(text("#messageText")).contains("tick Raw per-shard rows");
        assertThat(results().getItems()).isEmpty();
        ListView<?> history = robot.lookup("#history").queryListView();
        assertThat(history.getItems()).hasSize(2);

        robot.doubleClickOn(robot.lookup("#history .list-cell").nth(1).<Node>query());
        assertThat(editor().getText()).isEqualTo("SELECT count(*) FROM orders\n");
    }

    @Test
    void aFederatedQuerySaysSoAndItsExplainTabShowsEachShardsSql() throws Exception {
        edit("SELECT status, count(*) AS n FROM (SELECT status FROM orders ORDER BY id LIMIT 100) t GROUP BY status");
        robot.clickOn("#run");
        // The run has finished when the summary no longer says it is running (seen once: rows shown, summary not yet read).
        Await.onFx(WAIT, () -> !results().getItems().isEmpty() && !text("#summary").startsWith("Running"));

        long total = results().getItems().stream().mapToLong(row -> (Long) ((List<?>) row).get(1)).sum();
        assertThat(total).isEqualTo(100);
        assertThat(text("#summary")).endsWith(" · federated");
        robot.clickOn(robot.lookup(".tab-pane .tab-label").match((Labeled l) -> "Explain".equals(l.getText())).<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        String explain = robot.lookup("#explainText").queryTextInputControl().getText();
        assertThat(explain).startsWith("Answered: federated").contains("-- shard-0").contains("-- shard-1").contains("reshard_owned(");
    }

    @Test
    void unlockingWritesAsksFirstAndStaysLockedWhenDeclined() throws Exception {
        robot.clickOn("#unlockWrites");
        Await.onFx(WAIT, () -> robot.lookup("Unlock writes").queryAll().size() > 1);
        robot.clickOn(robot.from(robot.lookup(".dialog-pane").queryAll()).lookup("Cancel").<Node>query());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#unlockWrites").queryAs(ToggleButton.class).isSelected()).isFalse();
        assertThat(robot.lookup("#writesBanner").query().isVisible()).isFalse();
        assertThat(text("#subtitle")).endsWith("read-only");
    }

    private void edit(String sql) {
        robot.interact(() -> {
            editor().replaceText(sql);
            editor().moveTo(0);
        });
    }

    private CodeArea editor() {
        return robot.lookup("#sql-editor").queryAs(CodeArea.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<Object> results() {
        return robot.lookup("#results").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<Object> shards() {
        return robot.lookup("#shardTable").queryAs(TableView.class);
    }

    private List<String> column(int index) {
        return results().getItems().stream().map(row -> String.valueOf(((List<?>) row).get(index))).toList();
    }

    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> n instanceof Labeled l ? l.getText() : "").orElse("");
    }

}
