package org.reshard.ui.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.animation.PauseTransition;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.reshard.observe.HealthStatus;
import org.reshard.ui.common.StyleClasses;
import org.reshard.ui.cutover.CutoverDialog;

/** The window frame: sidebar navigation, the current screen, the read-only banner and the status bar. */
public final class MainController {

    private static final Duration PRELOAD_SPACING = Duration.millis(150);

    private final MainViewModel model;
    private final Views views;
    private final Map<Screen, Parent> loaded = new EnumMap<>(Screen.class);
    private final Map<Screen, ToggleButton> buttons = new EnumMap<>(Screen.class);

    @FXML
    private VBox navigation;
    @FXML
    private StackPane content;
    @FXML
    private HBox readOnlyBanner;
    @FXML
    private Label readOnlyLabel;
    @FXML
    private Circle healthLight;
    @FXML
    private Label healthLabel;
    @FXML
    private Label stateFileLabel;
    @FXML
    private ToggleButton themeToggle;

    private String healthClass;

    public MainController(MainViewModel model, Views views) {
        this.model = model;
        this.views = views;
    }

    @FXML
    private void initialize() {
        ToggleGroup group = new ToggleGroup();
        int digit = 1;
        for (Screen screen : Screen.values()) {
            ToggleButton button = new ToggleButton(screen.label(), new FontIcon(screen.icon()));
            button.setId("nav-" + screen.name().toLowerCase());
            button.getStyleClass().add(StyleClasses.NAV_BUTTON);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setToggleGroup(group);
            button.setTooltip(new Tooltip(screen.description() + " (Ctrl+" + digit++ + ")"));
            button.setOnAction(e -> model.screenProperty().set(screen));
            buttons.put(screen, button);
            navigation.getChildren().add(button);
        }
        // A toggle group lets the selected button be clicked off; the screen, not the button, decides.
        group.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                buttons.get(model.screenProperty().get()).setSelected(true);
            }
        });
        model.screenProperty().addListener((o, old, screen) -> show(screen));
        show(model.screenProperty().get());
        preload(preloadOrder().iterator());

        readOnlyLabel.textProperty().bind(model.readOnlyTextProperty());
        readOnlyBanner.visibleProperty().bind(model.session().readOnlyReasonProperty().isNotEmpty());
        readOnlyBanner.managedProperty().bind(readOnlyBanner.visibleProperty());
        healthLabel.textProperty().bind(model.health().textProperty());
        // An orphan slot's warning (slot, shard, bytes, the fix) is longer than the bar: the tooltip holds all of it.
        Tooltip healthTip = new Tooltip();
        healthTip.textProperty().bind(model.health().textProperty());
        healthTip.setWrapText(true);
        healthTip.setMaxWidth(640);
        healthLabel.setTooltip(healthTip);
        model.health().statusProperty().addListener((o, old, status) -> light(status));
        light(model.health().statusProperty().get());
        stateFileLabel.setText(model.stateFileText());
        // A long health warning gives way (whole in its tooltip); the state file stays readable beside it.
        stateFileLabel.setMinWidth(Region.USE_PREF_SIZE);
        themeToggle.selectedProperty().bindBidirectional(model.darkProperty());
        themeToggle.textProperty().bind(model.themeToggleTextProperty());
    }

    /**
     * Builds the other screens one at a time after the window is up, then rehearses the cutover dialog, so
     * that switching later — above all Start → Run when an operation starts — does not stall the UI while a
     * view and its charts are built.
     * While an operation runs the rest wait: building a screen then would stall the live progress instead.
     */
    private void preload(Iterator<Screen> screens) {
        PauseTransition pause = new PauseTransition(PRELOAD_SPACING);
        pause.setOnFinished(e -> {
            if (model.session().runningProperty().get()) {
                model.session().runningProperty().addListener(new ChangeListener<>() {
                    @Override
                    public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean running) {
                        if (!running) {
                            o.removeListener(this);
                            preload(screens);
                        }
                    }
                });
                return;
            }
            if (!screens.hasNext()) {
                // Last, the cutover dialog, which opens from the Run screen in the middle of a run.
                CutoverDialog.rehearse(content.getScene());
                return;
            }
            loaded.computeIfAbsent(screens.next(), screen -> warm(screen, views.load(screen)));
            preload(screens);
        });
        pause.play();
    }

    /** The Run screen first, where every started or resumed operation goes; then the sidebar's order. */
    private static List<Screen> preloadOrder() {
        List<Screen> order = new ArrayList<>(List.of(Screen.RUN));
        order.addAll(Arrays.stream(Screen.values()).filter(s -> s != Screen.RUN).toList());
        return order;
    }

    /**
     * Styles and lays out a preloaded view once, hidden, in the content pane: its skins and style caches are
     * then built while the window is idle, not in the pulse that first shows it (the Run screen rehearses
     * with sample rows, so that its cells are built too). The Run screen stays there,
     * hidden, so that Start only has to make it visible: attaching it again would restyle it all.
     */
    private Parent warm(Screen screen, Parent view) {
        view.setVisible(false);
        content.getChildren().add(view);
        Runnable layout = () -> {
            content.applyCss();
            content.layout();
        };
        if (screen == Screen.RUN) {
            views.runController().ifPresentOrElse(run -> run.rehearse(layout), layout);
            return view;
        }
        layout.run();
        content.getChildren().remove(view);
        view.setVisible(true);
        return view;
    }

    /**
     * Shows the screen and hides the Run screen if it is not the one; every other screen leaves the pane.
     * The Run screen comes last, so a lookup by id finds the shown screen's node first.
     */
    private void show(Screen screen) {
        Parent view = loaded.computeIfAbsent(screen, views::load);
        Parent run = loaded.get(Screen.RUN);
        content.getChildren().removeIf(node -> node != view && node != run);
        if (!content.getChildren().contains(view)) {
            content.getChildren().add(0, view);
        }
        content.getChildren().forEach(node -> node.setVisible(node == view));
        buttons.get(screen).setSelected(true);
        javafx.application.Platform.runLater(() -> focus(view, screen));
    }

    /**
     * A screen that shows takes the keyboard focus on its main control (Tab goes on from there in reading order),
     * or else on its first enabled control: a screen switched to with Ctrl+1…6 works without the mouse.
     */
    private static void focus(Parent view, Screen screen) {
        String preferred = switch (screen) {
            case TOPOLOGIES -> "#next";
            case PLAN -> "#batchSize";
            case QUERY -> "#sql-editor";
            default -> null;
        };
        javafx.scene.Node target = preferred == null ? null : view.lookup(preferred);
        if (target == null || !usable(target)) {
            target = firstUsable(view);
        }
        if (target != null) {
            target.requestFocus();
        }
    }

    private static boolean usable(javafx.scene.Node node) {
        return node.isFocusTraversable() && !node.isDisabled() && node.isVisible();
    }

    private static javafx.scene.Node firstUsable(Parent parent) {
        for (javafx.scene.Node child : parent.getChildrenUnmodifiable()) {
            if (!child.isVisible() || child.isDisabled()) {
                continue;
            }
            if (child.isFocusTraversable()) {
                return child;
            }
            if (child instanceof Parent p) {
                javafx.scene.Node found = firstUsable(p);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The light carries its status's class: {@code healthy}, {@code degraded} or {@code unhealthy}. */
    private void light(HealthStatus status) {
        String now = status.label().toLowerCase(Locale.ROOT);
        StyleClasses.switchState(healthLight, healthClass, now);
        healthClass = now;
    }
}
