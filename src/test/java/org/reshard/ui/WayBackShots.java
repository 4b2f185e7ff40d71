package org.reshard.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Takes docs/screenshots/run-retention.png (the Run screen waiting out an hour of retention after the demo's
 * cutover, with Switch back and Complete), switch-back.png (its dialog) and run-switched-back.png:
 * {@code DISPLAY=:77 java -cp … org.reshard.ui.WayBackShots DIR}. Not a test: it documents the screens.
 */
public final class WayBackShots {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Path home = Files.createTempDirectory("reshard-wayback");
        Files.createDirectories(out);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupApplication(ConsoleApp.class, "--home=" + home, "--demo-rows=20000");
        FxRobot robot = new FxRobot();
        robot.clickOn("#openDemo");
        waitFor(robot, "#current-summary", n -> ((Labeled) n).getText().contains("orders"), 60);
        robot.clickOn("#nav-plan");
        Thread.sleep(2000);
        robot.interact(() -> robot.lookup("#retention").queryAs(TextInputControl.class).setText("1h"));
        robot.clickOn("#start");
        waitFor(robot, ".cutover-dialog", n -> true, 180);
        Thread.sleep(1000);
        shoot(out, "cutover");
        robot.clickOn("#acknowledge");
        robot.clickOn("#approve");
        waitFor(robot, "#switchBack", Node::isVisible, 120);
        // An application writing to the new owner for a few seconds, so reverse replication has rows to apply back and a lag.
        writeToTheNewOwner(home.resolve("demo").resolve("shard-2.db"), 8);
        shoot(out, "run-retention");
        robot.clickOn("#switchBack");
        waitFor(robot, ".switch-back-dialog", n -> true, 60);
        Thread.sleep(1000);
        shoot(out, "switch-back");
        robot.clickOn("#confirmSwitchBack");
        waitFor(robot, "#outcome", n -> ((Labeled) n).getText().startsWith("Switched back"), 120);
        Thread.sleep(1500);
        shoot(out, "run-switched-back");
        System.exit(0);
    }

    /** Updates a slice of shard-2's orders (all moved there by the demo's cutover) once a second. */
    private static void writeToTheNewOwner(Path shard, int seconds) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + shard);
             java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            for (int i = 0; i < seconds; i++) {
                s.executeUpdate("UPDATE orders SET note = 'changed after cutover " + i + "' WHERE id % 7 = " + i % 7);
                Thread.sleep(1000);
            }
        }
    }

    private static void waitFor(FxRobot robot, String query, Predicate<Node> condition, int seconds) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> robot.lookup(query).tryQuery().filter(condition).isPresent());
    }

    private static void shoot(Path out, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Process p = new ProcessBuilder("import", "-window", "root", out.resolve(name + ".png").toString()).inheritIO().start();
        p.waitFor(30, TimeUnit.SECONDS);
    }
}
