package org.reshard.ui.diff;

import java.util.List;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.PseudoClass;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Rectangle;
import javafx.stage.Window;
import org.reshard.ui.common.StyleClasses;

/**
 * The hash ring before and after, drawn on a canvas: owners on the outer (before) and inner (after) rings,
 * moving ranges between them, the moved share in the middle, and a card describing the arc under the
 * pointer. Usable on its own: set a {@link RingDiagram} and add {@code /css/diff.css} for the theme colours.
 */
public final class HashRingView extends Region {

    private static final StyleablePropertyFactory<HashRingView> STYLES = new StyleablePropertyFactory<>(Region.getClassCssMetaData());
    private static final CssMetaData<HashRingView, Paint> TRACK =
            STYLES.createPaintCssMetaData("-ring-track-color", view -> view.trackColor, Color.web("#eaeef2"));
    private static final CssMetaData<HashRingView, Paint> GAP =
            STYLES.createPaintCssMetaData("-ring-gap-color", view -> view.gapColor, Color.WHITE);
    private static final CssMetaData<HashRingView, Paint> LABEL =
            STYLES.createPaintCssMetaData("-ring-label-color", view -> view.labelColor, Color.web("#57606a"));
    private static final CssMetaData<HashRingView, Paint> HOVER =
            STYLES.createPaintCssMetaData("-ring-hover-color", view -> view.hoverColor, Color.web("#24292f"));

    private static final double CARD_OFFSET = 16;
    /** Below this hole radius the centre text switches to smaller type so it stays inside the inner ring. */
    private static final double COMPACT_HOLE_RADIUS = 105;
    private static final PseudoClass COMPACT = PseudoClass.getPseudoClass("compact");

    private final StyleableObjectProperty<Paint> trackColor = new SimpleStyleableObjectProperty<>(TRACK, this, "trackColor", TRACK.getInitialValue(this));
    private final StyleableObjectProperty<Paint> gapColor = new SimpleStyleableObjectProperty<>(GAP, this, "gapColor", GAP.getInitialValue(this));
    private final StyleableObjectProperty<Paint> labelColor = new SimpleStyleableObjectProperty<>(LABEL, this, "labelColor", LABEL.getInitialValue(this));
    private final StyleableObjectProperty<Paint> hoverColor = new SimpleStyleableObjectProperty<>(HOVER, this, "hoverColor", HOVER.getInitialValue(this));

    private final ObjectProperty<RingDiagram> diagram = new SimpleObjectProperty<>(this, "diagram");
    private final StringProperty highlightedShard = new SimpleStringProperty(this, "highlightedShard");
    private final ReadOnlyObjectWrapper<ArcHit> hoveredArc = new ReadOnlyObjectWrapper<>(this, "hoveredArc");
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");
    private final ReadOnlyObjectWrapper<ShardPalette> palette = new ReadOnlyObjectWrapper<>(this, "palette", new ShardPalette(List.of()));

    private final Canvas canvas = new Canvas();
    private final Label centreValue = styled(new Label(), StyleClasses.RING_CENTRE_VALUE);
    private final Label centreCaption = styled(new Label(), StyleClasses.RING_CENTRE_CAPTION);
    private final Label centreRows = styled(new Label(), StyleClasses.RING_CENTRE_DETAIL);
    private final Label centreRowShare = styled(new Label(), StyleClasses.RING_CENTRE_CAPTION);
    private final VBox centre = new VBox(centreValue, centreCaption, centreRows, centreRowShare);
    private final Label hoverCard = styled(new Label(), StyleClasses.RING_HOVER_CARD);
    private final RingKey key = new RingKey();
    /** Held so the lazily evaluated binding stays subscribed while the view lives. */
    private final ObservableValue<Number> outputScale;

    private RingLayout layout = RingLayout.fit(0, 0);

    public HashRingView() {
        getStyleClass().add(StyleClasses.HASH_RING_VIEW);
        centre.getStyleClass().add(StyleClasses.RING_CENTRE);
        centre.setManaged(false);
        centre.setMouseTransparent(true);
        hoverCard.setManaged(false);
        hoverCard.setMouseTransparent(true);
        hoverCard.setVisible(false);
        hoverCard.textProperty().bind(hoverText);
        getChildren().addAll(canvas, centre, key, hoverCard);

        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, event -> hover(event.getX(), event.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, event -> hover(event.getX(), event.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, event -> clearHover());

        diagram.addListener((observable, old, now) -> showDiagram(now));
        for (Observable repaints : List.of(highlightedShard, trackColor, gapColor, labelColor, hoverColor)) {
            repaints.addListener(observable -> paint());
        }
        // The canvas backing store follows the screen's output scale; redraw when a window moves to another one.
        outputScale = sceneProperty().flatMap(Scene::windowProperty).flatMap(Window::outputScaleXProperty);
        outputScale.addListener(observable -> paint());
        showDiagram(null);
    }

    /** What the view draws; null draws nothing. */
    public ObjectProperty<RingDiagram> diagramProperty() {
        return diagram;
    }

    public void setDiagram(RingDiagram value) {
        diagram.set(value);
    }

    public RingDiagram getDiagram() {
        return diagram.get();
    }

    /** A shard whose arcs stay bright while all others fade; null shows all alike. */
    public StringProperty highlightedShardProperty() {
        return highlightedShard;
    }

    /** The arc under the pointer, or null. */
    public ReadOnlyObjectProperty<ArcHit> hoveredArcProperty() {
        return hoveredArc.getReadOnlyProperty();
    }

    /** The description of the arc under the pointer (ring, range, owner), or empty. */
    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }

    /** The colours of the shards now drawn, for legends that should match the rings. */
    public ReadOnlyObjectProperty<ShardPalette> paletteProperty() {
        return palette.getReadOnlyProperty();
    }

    public ShardPalette getPalette() {
        return palette.get();
    }

    /** The middle of a ring's band at an angle (clockwise from 12 o'clock), in this view's coordinates. */
    public Point2D pointOn(RingName ring, double degrees) {
        Point2D onCanvas = layout.pointOn(ring, degrees);
        return new Point2D(onCanvas.getX() + canvas.getLayoutX(), onCanvas.getY() + canvas.getLayoutY());
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return STYLES.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return getClassCssMetaData();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 520;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 520;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 240;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 260;
    }

    @Override
    protected void layoutChildren() {
        Insets insets = getInsets();
        double x = insets.getLeft();
        double y = insets.getTop();
        double width = Math.max(0, getWidth() - insets.getLeft() - insets.getRight());
        double keyHeight = key.prefHeight(width);
        double height = Math.max(0, getHeight() - insets.getTop() - insets.getBottom() - keyHeight);
        key.resizeRelocate(x, y + height, width, keyHeight);
        canvas.relocate(x, y);
        canvas.setWidth(width);
        canvas.setHeight(height);
        layout = RingLayout.fit(width, height);

        double holeWidth = layout.holeRadius() * 1.7;
        centre.setVisible(layout.holeRadius() > 48);
        centre.pseudoClassStateChanged(COMPACT, layout.holeRadius() < COMPACT_HOLE_RADIUS);
        double centreHeight = centre.prefHeight(holeWidth);
        centre.resizeRelocate(x + layout.centreX() - holeWidth / 2, y + layout.centreY() - centreHeight / 2, holeWidth, centreHeight);
        paint();
    }

    private void showDiagram(RingDiagram now) {
        palette.set(new ShardPalette(now == null ? List.of() : now.shardIds()));
        if (now == null) {
            centreValue.setText("");
            centreCaption.setText("No topologies to compare");
            centreRows.setText("");
            centreRowShare.setText("");
        } else {
            centreValue.setText(now.moves().isEmpty() ? "0%" : DiffFormat.percent(now.movedShare()));
            centreCaption.setText(now.moves().isEmpty() ? "nothing moves" : "of the hash space moves");
            centreRows.setText(movingRows(now));
            centreRowShare.setText(now.movingRowFraction().isPresent()
                    ? DiffFormat.percent(now.movingRowFraction().getAsDouble()) + " of all rows" : "");
        }
        clearHover();
        requestLayout();
        paint();
    }

    private static String movingRows(RingDiagram diagram) {
        var moving = diagram.rows().totalMoving();
        if (moving.isEmpty()) {
            return "rows not counted yet";
        }
        String prefix = diagram.rows().basis() == RowBasis.PLAN ? "" : "≈ ";
        return prefix + DiffFormat.count(moving.getAsLong(), "row", "rows");
    }

    private void hover(double x, double y) {
        RingDiagram current = diagram.get();
        Optional<ArcHit> hit = current == null ? Optional.empty() : layout.ringAt(x, y).flatMap(ring ->
                RingGeometry.arcAt(current.arcs(ring), layout.degreesAt(x, y), layout.degreesFor(RingPainter.MIN_ARC_PIXELS, ring))
                        .map(arc -> new ArcHit(ring, arc)));
        if (hit.isEmpty()) {
            clearHover();
            return;
        }
        if (!hit.get().equals(hoveredArc.get())) {
            hoveredArc.set(hit.get());
            hoverText.set(ArcDescription.of(hit.get().ring(), hit.get().arc(), current));
            hoverCard.setGraphic(swatch(hit.get().arc()));
            hoverCard.setVisible(true);
            paint();
        }
        placeCard(x + canvas.getLayoutX(), y + canvas.getLayoutY());
    }

    private void clearHover() {
        if (hoveredArc.get() != null) {
            hoveredArc.set(null);
            hoverText.set("");
            hoverCard.setVisible(false);
            paint();
        }
    }

    /** Beside the pointer, flipped to the other side near the edges so the card never leaves the view. */
    private void placeCard(double x, double y) {
        hoverCard.applyCss();
        double width = hoverCard.prefWidth(-1);
        double height = hoverCard.prefHeight(width);
        double left = x + CARD_OFFSET + width > getWidth() ? x - CARD_OFFSET - width : x + CARD_OFFSET;
        double top = y + CARD_OFFSET + height > getHeight() ? y - CARD_OFFSET - height : y + CARD_OFFSET;
        hoverCard.resizeRelocate(Math.max(0, left), Math.max(0, top), width, height);
    }

    private Rectangle swatch(ArcSpan arc) {
        String shard = switch (arc) {
            case OwnerArc owner -> owner.shardId();
            case MoveArc move -> move.targetShard();
        };
        Rectangle swatch = new Rectangle(10, 10, palette.get().colourOf(shard));
        swatch.setArcWidth(3);
        swatch.setArcHeight(3);
        return swatch;
    }

    private void paint() {
        var gc = canvas.getGraphicsContext2D();
        gc.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        RingDiagram current = diagram.get();
        if (current == null || layout.radius() < 20) {
            return;
        }
        new RingPainter(gc, layout, palette.get(), new RingColours(trackColor.get(), gapColor.get(), labelColor.get(), hoverColor.get()))
                .paint(current, highlightedShard.get(), hoveredArc.get());
    }

    private static Label styled(Label label, String styleClass) {
        label.getStyleClass().add(styleClass);
        return label;
    }
}
