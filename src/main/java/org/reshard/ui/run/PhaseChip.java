package org.reshard.ui.run;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.reshard.ui.common.StyleClasses;

/**
 * One phase of the run's timeline on screen. Progress arrives many times a second, so a chip changes its
 * text, icon and state class in place: rebuilding the row of chips each time restyled and relaid it all.
 */
final class PhaseChip {

    private final StackPane node;
    private final Label name;
    private final FontIcon icon = new FontIcon();
    private final Label time = new Label();
    /** What a waiting phase waits for, under its time; hidden (and taking no room) otherwise. */
    private final Label waitingFor = new Label();
    private final Tooltip waitingTip = new Tooltip();
    private PhaseItem shown;

    PhaseChip(PhaseItem item) {
        name = new Label(item.label(), icon);
        name.getStyleClass().add(StyleClasses.PHASE_NAME);
        time.getStyleClass().add(StyleClasses.PHASE_TIME);
        waitingFor.getStyleClass().add(StyleClasses.PHASE_WAITING_FOR);
        // Cut short to the chip's width rather than widening it: the six chips share the row equally.
        waitingFor.setMinWidth(0);
        waitingFor.setPrefWidth(0);
        waitingFor.setMaxWidth(Double.MAX_VALUE);
        waitingFor.managedProperty().bind(waitingFor.visibleProperty());
        waitingFor.setVisible(false);
        node = new StackPane(new VBox(2, name, time, waitingFor));
        node.getStyleClass().add(StyleClasses.PHASE_CHIP);
        node.setId("phase-" + item.label());
        node.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(node, Priority.ALWAYS);
        show(item);
    }

    StackPane node() {
        return node;
    }

    String label() {
        return shown.label();
    }

    /** Shows the item, touching only what differs from what is shown. */
    void show(PhaseItem item) {
        if (item.equals(shown)) {
            return;
        }
        if (shown == null || shown.state() != item.state()) {
            StyleClasses.switchState(node, shown == null ? null : styleClass(shown.state()), styleClass(item.state()));
            icon.setIconLiteral(switch (item.state()) {
                case PENDING -> "fth-circle";
                case RUNNING -> "fth-loader";
                case WAITING -> "fth-clock";
                case DONE -> "fth-check-circle";
                case FAILED -> "fth-x-circle";
                case STOPPED -> "fth-pause-circle";
            });
        }
        time.setText(item.duration());
        if (shown == null || !shown.waitingDetail().equals(item.waitingDetail())) {
            boolean waiting = !item.waitingDetail().isEmpty();
            waitingFor.setText(item.waitingFor());
            waitingFor.setVisible(waiting);
            // The chip is narrow: its line names the shard, the tooltip says where it is and what went wrong.
            waitingTip.setText(item.waitingDetail());
            if (waiting) {
                Tooltip.install(node, waitingTip);
            } else {
                Tooltip.uninstall(node, waitingTip);
            }
        }
        shown = item;
    }

    /** One class per state ({@code phase-running}, …): a new state needs its icon above and a rule in the stylesheet. */
    private static String styleClass(PhaseItem.State state) {
        return StyleClasses.state(StyleClasses.PHASE, state);
    }
}
