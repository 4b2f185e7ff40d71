package org.reshard.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Walks through every screen of the real console under an X display (Xvfb) and saves a screenshot of
 * each into docs/screenshots: {@code DISPLAY=:77 java -cp … org.reshard.ui.ScreenshotTour DIR}.
 * Not a test: it documents what the screens look like.
 */
public final class ScreenshotTour {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Path home = Files.createTempDirectory("reshard-tour");
        Files.createDirectories(out);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupApplication(ConsoleApp.class, "--home=" + home, "--demo-rows=400000");
        FxRobot robot = new FxRobot();
        shoot(out, "start");
        robot.clickOn("#openDemo");
        waitFor(robot, "#current-shards", n -> n.lookupAll(".table-row-cell").stream().anyMatch(r -> r.toString().contains("reachable"))
                || textOf(robot, "#current-summary").contains("orders"), 60);
        Thread.sleep(2500);
        shoot(out, "topologies");
        robot.clickOn("#nav-diff");
        Thread.sleep(1500);
        shoot(out, "diff");
        robot.clickOn("#nav-plan");
        Thread.sleep(3000);
        shoot(out, "plan");
        // Logical decoding forced on the demo's SQLite shards: each source says why it cannot, and pre-flight would refuse.
        robot.clickOn("#capture");
        robot.clickOn("logical");
        waitFor(robot, ".capture-note", n -> ((Labeled) n).getText().startsWith("Pre-flight will refuse"), 30);
        Thread.sleep(800);
        shoot(out, "plan-capture-problem");
        robot.clickOn("#capture");
        robot.clickOn("auto");
        waitFor(robot, ".capture-note", n -> !n.isVisible(), 30);
        robot.clickOn("#nav-query");
        robot.clickOn("#run");
        waitFor(robot, "#summary", n -> ((Labeled) n).getText().contains("rows from"), 60);
        Thread.sleep(800);
        shoot(out, "query");
        robot.clickOn(".theme-toggle");
        Thread.sleep(800);
        shoot(out, "query-dark");
        robot.clickOn(".theme-toggle");
        robot.clickOn("#nav-plan");
        robot.doubleClickOn(".text-field").write("2000");
        robot.clickOn("#start");
        // Wait for the copy rather than a fixed time: on a fast machine 6 s already reached the cutover gate.
        waitFor(robot, "#headline", n -> ((Labeled) n).getText().contains("Copying ("), 60);
        Thread.sleep(1500);
        shoot(out, "run");
        waitFor(robot, ".cutover-dialog", n -> true, 180);
        Thread.sleep(1500);
        shoot(out, "cutover");
        robot.clickOn(".cutover-dialog .check-box");
        robot.clickOn("#approve");
        Thread.sleep(2500);
        shoot(out, "run-cleanup");
        // The retention keeps the operation in CleaningUp: the Query screen is on the new active topology and says so.
        robot.clickOn("#nav-query");
        waitFor(robot, "#topologyTitle", n -> ((Labeled) n).getText().startsWith("Queries now run on"), 30);
        robot.clickOn("#run");
        waitFor(robot, "#summary", n -> ((Labeled) n).getText().contains("rows from"), 60);
        Thread.sleep(800);
        shoot(out, "query-after-cutover");
        // Stopped while it waits out the retention, the operation is listed on Start as waiting, not interrupted.
        robot.clickOn("#nav-run");
        robot.clickOn("#pause");
        waitFor(robot, "#outcome", n -> ((Labeled) n).getText().startsWith("Stopped"), 60);
        robot.clickOn("#nav-start");
        waitFor(robot, ".resume-operation", n -> true, 30);
        Thread.sleep(800);
        shoot(out, "start-waiting");
        System.exit(0);
    }

    private static String textOf(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(n -> n instanceof Labeled l ? l.getText() : "").orElse("");
    }

    private static void waitFor(FxRobot robot, String query, Predicate<Node> condition, int seconds) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> robot.lookup(query).tryQuery().filter(condition).isPresent());
        } catch (java.util.concurrent.TimeoutException e) {
            // What the screen shows when the tour got stuck is the quickest way to see why.
            shoot(Path.of(System.getProperty("java.io.tmpdir")), "tour-stuck");
            throw new IllegalStateException("the tour waited " + seconds + " s for " + query + "; see tour-stuck.png in the temp folder", e);
        }
    }

    private static void shoot(Path out, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Process p = new ProcessBuilder("import", "-window", "root", out.resolve(name + ".png").toString()).inheritIO().start();
        p.waitFor(30, TimeUnit.SECONDS);
    }
}
