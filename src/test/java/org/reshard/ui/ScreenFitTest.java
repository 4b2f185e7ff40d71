package org.reshard.ui;

import java.time.Duration;
import org.reshard.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.geometry.Orientation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.ui.topology.ShardRow;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The default window (1280×800) shows the tables' content whole: Topologies' Shard and Status columns, the Run
 * screen's column titles, and neither the Plan's steps nor the Run's log scroll sideways.
 */
class ScreenFitTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private ConsoleApp app;

    @BeforeEach
    void launch() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(ConsoleApp.class, "--home=" + home, "--demo-rows=3000");
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void cleanup() throws Exception {
        FxToolkit.cleanupApplication(app);
    }

    @Test
    void tablesFitTheDefaultWindow() throws Exception {
        robot.clickOn("#openDemo");
        Await.onFx(WAIT, () -> robot.lookup("#target-shards").tryQuery().map(n -> ((TableView<?>) n).getItems()).filter(items -> items.size() == 3
                && items.stream().allMatch(r -> ((ShardRow) r).reachable())).isPresent());
        for (String table : List.of("#current-shards", "#target-shards")) {
            assertThat(cut(table, "Shard", "Kind", "Status", "Rows")).as(table).isEmpty();
            assertThat(sidewaysScroll(table)).as(table).isFalse();
            // Every column ends inside the table: the URL gives way (ellipsized), it is not clipped at the edge.
            Node tableNode = robot.lookup(table).query();
            double right = tableNode.localToScene(tableNode.getLayoutBounds()).getMaxX();
            assertThat(tableNode.lookupAll(".column-header").stream().mapToDouble(h -> h.localToScene(h.getLayoutBounds()).getMaxX()).max()
                    .orElse(0)).as(table + " columns end inside the table").isLessThanOrEqualTo(right);
        }
        robot.clickOn("#nav-plan");
        Await.onFx(WAIT, () -> robot.lookup("#steps").tryQuery().map(n -> ((TableView<?>) n).getItems().size() == 2).orElse(false));
        assertThat(sidewaysScroll("#steps")).as("plan steps").isFalse();
        assertThat(cut("#steps", "#", "Table", "Source → target", "Est. rows", "Est. size", "Estimate")).isEmpty();
        robot.clickOn("#nav-run");
        WaitForAsyncUtils.waitForFxEvents();
        Node run = robot.lookup("#rateChart").query().getParent();
        while (run.lookup("#log") == null) {
            run = run.getParent();
        }
        Node steps = run.lookup("#steps");
        assertThat(headers(steps)).contains("Rows replicated");
        assertThat(truncatedHeaders(steps)).isEmpty();
        assertThat(sideways(steps)).isFalse();
    }

    /** Texts shown shortened ("shar…") in the named columns' cells or in any header of the table. */
    private List<String> cut(String table, String... columns) {
        Node node = robot.lookup(table).query();
        List<String> cut = new java.util.ArrayList<>(truncatedHeaders(node));
        for (Node cell : node.lookupAll(".table-cell")) {
            if (cell instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() != null
                    && List.of(columns).contains(c.getTableColumn().getText()) && truncated(c)) {
                cut.add(c.getTableColumn().getText() + ": " + c.getText());
            }
        }
        return cut;
    }

    private static List<String> headers(Node table) {
        return table.lookupAll(".column-header .label").stream().map(n -> ((Labeled) n).getText()).toList();
    }

    private static List<String> truncatedHeaders(Node table) {
        return table.lookupAll(".column-header .label").stream().map(n -> (Labeled) n).filter(ScreenFitTest::truncated)
                .map(Labeled::getText).toList();
    }

    private static boolean truncated(Labeled labeled) {
        if (labeled.getText() == null || labeled.getText().isEmpty() || !labeled.isVisible()) {
            return false;
        }
        return labeled.lookupAll(".text").stream().filter(n -> n instanceof Text && n.getParent() == labeled).map(n -> ((Text) n).getText())
                .anyMatch(shown -> !shown.equals(labeled.getText()));
    }

    private boolean sidewaysScroll(String query) {
        return sideways(robot.lookup(query).query());
    }

    private static boolean sideways(Node node) {
        return node.lookupAll(".scroll-bar").stream().anyMatch(n -> n instanceof ScrollBar bar
                && bar.getOrientation() == Orientation.HORIZONTAL && bar.isVisible() && bar.getVisibleAmount() < bar.getMax() - bar.getMin());
    }

}
