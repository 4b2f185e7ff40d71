package org.reshard.ui.design;

import java.time.Duration;
import org.reshard.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.ui.ConsoleApp;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The designer screen in the console: design a third shard on the demo, save it as the target, plan it. */
class DesignerJourneyTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private ConsoleApp app;

    @BeforeEach
    void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void cleanup() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
    }

    @Test
    void designSaveAndPlan() throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(ConsoleApp.class, "--home=" + home, "--demo-rows=2000");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Open demo workspace");
        Await.onFx(WAIT, () -> text("#current-summary").contains("orders-v1"));
        Path demo = Path.of(new TopologyLoader().load(home.resolve("demo/old.json")).map(Topology::source).orElseThrow().toString()).getParent();

        robot.clickOn("#nav-designer");
        Await.onFx(WAIT, () -> robot.lookup("#shards").tryQuery().map(n -> ((ListView<?>) n).getItems().size()).orElse(0) == 2);
        type("#shardId", "shard-2");
        type("#shardUrl", "jdbc:sqlite:shard-2.db");
        robot.clickOn("#add");
        Await.onFx(WAIT, () -> text("#summary").contains("3 shards; moves 3"));
        assertThat(robot.lookup(".hash-ring-view").tryQuery()).isPresent();
        type("#name", "orders-designed");
        type("#savePath", demo.resolve("designed.json").toString());
        robot.clickOn("#save");
        Await.onFx(WAIT, () -> text("#message").startsWith("Saved"));
        assertThat(demo.resolve("designed.json")).exists();

        robot.clickOn("#nav-plan");
        Await.onFx(WAIT, () -> rows("#steps") == 2);
        assertThat(robot.lookup("#steps").queryAs(TableView.class).getItems()).hasSize(2);
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

}
