package org.reshard.ui.diff;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javafx.application.Application;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Point2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reshard.topology.Topology;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The diff view loaded from its FXML as the shell loads it, driven with the mouse (headless, Monocle). */
@ExtendWith(ApplicationExtension.class)
class DiffViewTest {

    private Stage stage;
    private Parent root;
    private DiffViewModel model;

    @Start
    void start(Stage stage) throws IOException {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        FXMLLoader loader = new FXMLLoader(Objects.requireNonNull(DiffViewTest.class.getResource("/fxml/diff-view.fxml")));
        root = loader.load();
        model = new DiffViewModel();
        loader.<DiffController>getController().bind(model);
        this.stage = stage;
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }

    @Test
    void rootIsABorderPaneWithTheDiffStylesheet() throws IOException {
        assertThat(root).isInstanceOf(BorderPane.class);
        assertThat(root.getStylesheets()).hasSize(1);
        String stylesheet = root.getStylesheets().getFirst();
        assertThat(stylesheet).endsWith("/css/diff.css");
        try (InputStream css = URI.create(stylesheet).toURL().openStream()) {
            assertThat(new String(css.readAllBytes())).contains(".hash-ring-view");
        }
    }

    @Test
    void sixteenShardsShowSixteenLegendRowsAndHoveringAnArcNamesItsRangeAndOwner(FxRobot robot) {
        Topology eight = DiffFixtures.equalRanges("orders-8", 8);
        Topology sixteen = DiffFixtures.equalRanges("orders-16", 16);
        robot.interact(() -> model.show(eight, sixteen, null, DiffFixtures.rows(8)));

        TableView<LegendRow> legend = robot.lookup("#legendTable").queryTableView();
        assertThat(legend.getItems().stream().filter(row -> row.kind() != LegendRow.Kind.TOTAL)).hasSize(16);
        assertThat(legend.getItems().getLast().kind()).isEqualTo(LegendRow.Kind.TOTAL);
        assertThat(robot.lookup(".shard-cell").lookup("shard-0").tryQuery()).isPresent();

        HashRingView ring = ring(robot);
        OwnerArc arc = model.diagramProperty().get().after().get(5);
        hover(robot, ring, RingName.AFTER, arc.centreDegrees());

        String expected = "After · owner shard-5\n" + DiffFormat.range(arc.range()) + "\n6.3% of the hash space";
        assertThat(ring.hoverTextProperty().get()).isEqualTo(expected);
        Label card = robot.lookup(".ring-hover-card").queryAs(Label.class);
        assertThat(card.isVisible()).isTrue();
        assertThat(card.getText()).isEqualTo(expected);
        assertThat(robot.lookup("#hoverLabel").queryAs(Label.class).getText())
                .contains("shard-5").contains(DiffFormat.range(arc.range()));
    }

    @Test
    void hashRingVirtualNodesCanBeHoveredOnEveryRing(FxRobot robot) {
        Topology fifteen = DiffFixtures.ring("ring-15", 15, 150);
        Topology sixteen = DiffFixtures.ring("ring-16", 16, 150);
        robot.interact(() -> model.show(fifteen, sixteen, null, DiffFixtures.rows(15)));
        RingDiagram diagram = model.diagramProperty().get();
        HashRingView ring = ring(robot);

        assertThat(robot.lookup("#legendTable").queryTableView().getItems()).hasSize(17);

        MoveArc moving = isolatedNarrowest(diagram.moves());
        assertThat(moving.sweepDegrees()).as("a virtual node's arc, narrower than a pixel").isLessThan(0.15);
        hover(robot, ring, RingName.MOVES, moving.centreDegrees());
        assertThat(ring.hoverTextProperty().get())
                .startsWith("Moving · " + moving.sourceShard() + " → shard-15\n" + DiffFormat.range(moving.range()) + "\n");
        assertThat(ring.hoveredArcProperty().get()).isEqualTo(new ArcHit(RingName.MOVES, moving));

        OwnerArc widest = diagram.before().stream().max(Comparator.comparingDouble(OwnerArc::sweepDegrees)).orElseThrow();
        hover(robot, ring, RingName.BEFORE, widest.centreDegrees());
        assertThat(ring.hoverTextProperty().get())
                .startsWith("Before · owner " + widest.shardId() + "\n" + DiffFormat.range(widest.range()));
    }

    @Test
    void leavingTheRingsClearsTheHover(FxRobot robot) {
        robot.interact(() -> model.show(DiffFixtures.equalRanges("a", 2), DiffFixtures.equalRanges("b", 3), null, DiffFixtures.DEMO_ROWS));
        HashRingView ring = ring(robot);
        hover(robot, ring, RingName.BEFORE, 45);
        assertThat(ring.hoverTextProperty().get()).startsWith("Before · owner shard-0");

        robot.moveTo(ring.localToScreen(ring.pointOn(RingName.AFTER, 0).midpoint(ring.pointOn(RingName.AFTER, 180))));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ring.hoverTextProperty().get()).as("the centre is not a ring").isEmpty();
        assertThat(robot.lookup(".ring-hover-card").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void hoveringAShardInTheLegendHighlightsItOnTheRings(FxRobot robot) {
        robot.interact(() -> model.show(DiffFixtures.equalRanges("a", 2), DiffFixtures.equalRanges("b", 3), null, DiffFixtures.DEMO_ROWS));
        HashRingView ring = ring(robot);

        robot.moveTo(robot.lookup(".shard-cell").lookup("shard-2").queryLabeled());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ring.highlightedShardProperty().get()).isEqualTo("shard-2");

        robot.moveTo(robot.lookup(".shard-cell").lookup(LegendRows.TOTAL).queryLabeled());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ring.highlightedShardProperty().get()).as("the totals row is no shard").isNull();
    }

    @Test
    void theRingsFollowTheWindowWhenItShrinks(FxRobot robot) {
        robot.interact(() -> model.show(DiffFixtures.equalRanges("a", 2), DiffFixtures.equalRanges("b", 3), null, DiffFixtures.DEMO_ROWS));
        HashRingView ring = ring(robot);
        Point2D wide = ring.pointOn(RingName.BEFORE, 90);

        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(640);
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(ring.pointOn(RingName.BEFORE, 90).getX()).isLessThan(wide.getX());
        hover(robot, ring, RingName.AFTER, 300);
        assertThat(ring.hoverTextProperty().get()).startsWith("After · owner shard-2");
        hover(robot, ring, RingName.MOVES, 150);
        assertThat(ring.hoverTextProperty().get()).startsWith("Moving · shard-0 → shard-1");
    }

    private static HashRingView ring(FxRobot robot) {
        return robot.lookup("#ringView").queryAs(HashRingView.class);
    }

    private static void hover(FxRobot robot, HashRingView ring, RingName name, double degrees) {
        robot.moveTo(ring.localToScreen(ring.pointOn(name, degrees)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The narrowest moving arc with no other moving arc within 2°, so a pointer rounded to a pixel still finds it. */
    private static MoveArc isolatedNarrowest(List<MoveArc> arcs) {
        MoveArc best = null;
        for (int i = 1; i < arcs.size() - 1; i++) {
            MoveArc arc = arcs.get(i);
            boolean isolated = arc.startDegrees() - arcs.get(i - 1).endDegrees() > 2 && arcs.get(i + 1).startDegrees() - arc.endDegrees() > 2;
            if (isolated && (best == null || arc.sweepDegrees() < best.sweepDegrees())) {
                best = arc;
            }
        }
        return Objects.requireNonNull(best, "an isolated moving arc");
    }
}
