package org.reshard.ui.diff;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Point2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.reshard.demo.DemoWorkspace;
import org.reshard.demo.DemoWorkspaceBuilder;
import org.reshard.plan.Planner;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * Shows the diff view alone in a 1280×800 window, for looking at it and taking the README screenshots:
 * {@code demo} (the real 2 → 3 demo workspace, planned on its SQLite shards) or {@code ring16} (15 → 16
 * shards on a hash ring), {@code light} or {@code dark}, and optionally {@code hover} to put the pointer
 * on a moving arc, {@code highlight=shard-3}, {@code width=1024 height=640}.
 */
public final class DiffViewDemo {

    private DiffViewDemo() {
    }

    /** Launching through a class that does not extend Application lets JavaFX run from the classpath. */
    public static void main(String[] args) {
        Application.launch(DemoWindow.class, args);
    }

    /** The window; public because JavaFX instantiates it reflectively. */
    public static final class DemoWindow extends Application {

        @Override
        public void start(Stage stage) throws Exception {
            var args = getParameters().getRaw();
            boolean dark = args.contains("dark");
            Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
            FXMLLoader loader = new FXMLLoader(Objects.requireNonNull(getClass().getResource("/fxml/diff-view.fxml")));
            Parent root = loader.load();
            DiffViewModel model = new DiffViewModel();
            loader.<DiffController>getController().bind(model);
            if (args.contains("ring16")) {
                Topology before = DiffFixtures.ring("orders-ring-15", 15, 150);
                Topology after = DiffFixtures.ring("orders-ring-16", 16, 150);
                model.show(before, after, null, DiffFixtures.rows(15));
            } else {
                showDemoWorkspace(model);
            }
            stage.setTitle("Reshard Console — topology diff");
            stage.setScene(new Scene(root, option(args, "width=", 1280), option(args, "height=", 800)));
            stage.show();
            args.stream().filter(arg -> arg.startsWith("highlight=")).findFirst().ifPresent(arg ->
                    ((HashRingView) root.lookup("#ringView")).highlightedShardProperty().set(arg.substring("highlight=".length())));
            if (args.contains("hover")) {
                PauseTransition settle = new PauseTransition(Duration.millis(800));
                settle.setOnFinished(event -> hoverAMovingArc(root, model));
                settle.play();
            }
        }

        private static double option(List<String> args, String prefix, double fallback) {
            return args.stream().filter(arg -> arg.startsWith(prefix)).map(arg -> Double.parseDouble(arg.substring(prefix.length())))
                    .findFirst().orElse(fallback);
        }

        private static void showDemoWorkspace(DiffViewModel model) throws Exception {
            Path dir = Files.createTempDirectory("reshard-diff-demo");
            DemoWorkspace workspace = new DemoWorkspaceBuilder(dir, DemoWorkspaceBuilder.DEFAULT_ROWS, true).build().orElseThrow();
            TopologyLoader loader = new TopologyLoader();
            Topology before = loader.load(workspace.oldTopology()).orElseThrow();
            Topology after = loader.load(workspace.newTopology()).orElseThrow();
            ReshardingPlan plan = new Planner().plan(new ReshardingRequest(before, after)).orElseThrow();
            Map<String, Long> rows = new LinkedHashMap<>();
            workspace.shards().stream().filter(shard -> before.shard(shard.id()).isPresent())
                    .forEach(shard -> rows.put(shard.id(), shard.rows()));
            model.show(before, after, plan, rows);
        }

        private static void hoverAMovingArc(Parent root, DiffViewModel model) {
            HashRingView ring = (HashRingView) root.lookup("#ringView");
            MoveArc arc = model.diagramProperty().get().moves().get(model.diagramProperty().get().moves().size() / 3);
            Point2D screen = ring.localToScreen(ring.pointOn(RingName.MOVES, arc.centreDegrees()));
            new Robot().mouseMove(screen);
        }
    }
}
