package org.reshard.ui.diff;

import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;
import org.reshard.ui.common.StyleClasses;

/** The line under the rings that says which ring is which, each with a small target icon marking its ring. */
final class RingKey extends HBox {

    RingKey() {
        getStyleClass().add(StyleClasses.RING_KEY);
        setAlignment(Pos.CENTER);
        getChildren().addAll(item(RingName.BEFORE, "Before (outer)"), item(RingName.MOVES, "Moving: source → target"),
                item(RingName.AFTER, "After (inner)"));
    }

    private static Label item(RingName marked, String text) {
        Label label = new Label(text, icon(marked));
        label.getStyleClass().add(StyleClasses.RING_KEY_ITEM);
        label.setMinWidth(0);
        return label;
    }

    /** Three concentric circles, the marked one drawn strong. */
    private static Group icon(RingName marked) {
        Group icon = new Group();
        double radius = 6.5;
        for (RingName ring : RingName.values()) {
            Circle circle = new Circle(7, 7, radius);
            circle.getStyleClass().addAll(StyleClasses.RING_KEY_CIRCLE, ring == marked ? StyleClasses.MARKED : StyleClasses.UNMARKED);
            icon.getChildren().add(circle);
            radius -= 2.3;
        }
        return icon;
    }
}
