package org.reshard.ui.diff;

import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.Paint;
import javafx.scene.paint.RadialGradient;
import javafx.scene.paint.Stop;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Draws a {@link RingDiagram} on a canvas. Each arc is one stroked arc, so a hash ring's thousands of
 * virtual-node ranges stay cheap to redraw on every hover.
 */
final class RingPainter {

    /** Narrower arcs are drawn this wide, centred on where they are, so a virtual node never vanishes. */
    static final double MIN_ARC_PIXELS = 2.0;

    private static final double FADED_ALPHA = 0.13;
    private static final double SEPARATOR_MIN_PIXELS = 8;
    private static final double CHEVRON_SPACING = 46;
    private static final String[] QUARTER_LABELS = {"−2⁶³", "−2⁶²", "0", "2⁶²"};

    private final GraphicsContext gc;
    private final RingLayout layout;
    private final ShardPalette palette;
    private final RingColours colours;

    RingPainter(GraphicsContext gc, RingLayout layout, ShardPalette palette, RingColours colours) {
        this.gc = gc;
        this.layout = layout;
        this.palette = palette;
        this.colours = colours;
    }

    /**
     * Paints the rings; with a highlighted shard, everything not owned by it, given by it or given to it is
     * faded, and a hovered arc is outlined with guides across all rings so its range can be followed.
     */
    void paint(RingDiagram diagram, String highlightedShard, ArcHit hovered) {
        gc.setLineCap(StrokeLineCap.BUTT);
        gc.setLineDashes();
        paintTicks();
        paintTrack(RingName.MOVES);
        paintOwners(RingName.BEFORE, diagram.before(), highlightedShard);
        paintMoves(diagram.moves(), highlightedShard);
        paintOwners(RingName.AFTER, diagram.after(), highlightedShard);
        if (hovered != null) {
            paintHover(hovered);
        }
        gc.setGlobalAlpha(1);
    }

    private void paintTicks() {
        double outer = layout.radius();
        gc.setStroke(colours.label());
        gc.setFill(colours.label());
        gc.setGlobalAlpha(1);
        for (int i = 0; i < 16; i++) {
            double degrees = i * 22.5;
            boolean quarter = i % 4 == 0;
            gc.setLineWidth(quarter ? 1.2 : 0.8);
            line(layout.pointAt(degrees, outer + 3), layout.pointAt(degrees, outer + (quarter ? 10 : 6)));
        }
        gc.setFont(Font.font(Font.getDefault().getFamily(), 12));
        gc.setTextBaseline(VPos.CENTER);
        for (int q = 0; q < 4; q++) {
            Point2D at = layout.pointAt(q * 90, outer + (q % 2 == 0 ? 20 : 14));
            gc.setTextAlign(q == 1 ? TextAlignment.LEFT : q == 3 ? TextAlignment.RIGHT : TextAlignment.CENTER);
            gc.fillText(QUARTER_LABELS[q], at.getX(), at.getY());
        }
    }

    private void paintTrack(RingName ring) {
        RingLayout.Band band = layout.band(ring);
        gc.setGlobalAlpha(1);
        gc.setStroke(colours.track());
        strokeArc(band.inner(), band.outer(), 0, RingGeometry.FULL_CIRCLE);
    }

    private void paintOwners(RingName ring, List<OwnerArc> arcs, String highlightedShard) {
        RingLayout.Band band = layout.band(ring);
        double minSweep = layout.degreesFor(MIN_ARC_PIXELS, ring);
        // Wide arcs first, then the narrow ones widened on top: the hover lookup assumes this order.
        for (boolean narrowPass : new boolean[] {false, true}) {
            for (OwnerArc arc : arcs) {
                if (arc.sweepDegrees() < minSweep != narrowPass) {
                    continue;
                }
                gc.setGlobalAlpha(highlightedShard == null || highlightedShard.equals(arc.shardId()) ? 1 : FADED_ALPHA);
                gc.setStroke(palette.colourOf(arc.shardId()));
                strokeDrawn(band.inner(), band.outer(), arc, minSweep);
            }
        }
        paintSeparators(band, arcs);
    }

    private void paintMoves(List<MoveArc> arcs, String highlightedShard) {
        RingLayout.Band band = layout.band(RingName.MOVES);
        double minSweep = layout.degreesFor(MIN_ARC_PIXELS, RingName.MOVES);
        for (boolean narrowPass : new boolean[] {false, true}) {
            for (MoveArc arc : arcs) {
                if (arc.sweepDegrees() < minSweep != narrowPass) {
                    continue;
                }
                boolean involved = highlightedShard == null || highlightedShard.equals(arc.sourceShard())
                        || highlightedShard.equals(arc.targetShard());
                gc.setGlobalAlpha(involved ? 1 : FADED_ALPHA);
                gc.setStroke(flow(band, palette.colourOf(arc.sourceShard()), palette.colourOf(arc.targetShard())));
                strokeDrawn(band.inner(), band.outer(), arc, minSweep);
            }
        }
        paintSeparators(band, arcs);
        paintChevrons(band, arcs);
    }

    /**
     * The source's colour on the outside, next to the before ring, turning into the target's towards the
     * after ring: the band reads as rows flowing inwards from the old owner to the new one.
     */
    private Paint flow(RingLayout.Band band, Color source, Color target) {
        double inner = band.inner() / band.outer();
        double thickness = 1 - inner;
        return new RadialGradient(0, 0, layout.centreX(), layout.centreY(), band.outer(), false, CycleMethod.NO_CYCLE,
                new Stop(inner, target), new Stop(inner + thickness * 0.56, target),
                new Stop(inner + thickness * 0.64, source), new Stop(1, source));
    }

    /** Inward-pointing chevrons along moving arcs long enough to hold them, spaced evenly. */
    private void paintChevrons(RingLayout.Band band, List<MoveArc> arcs) {
        double pixelsPerDegree = Math.toRadians(1) * band.middle();
        double half = band.thickness() * 0.22;
        gc.setGlobalAlpha(0.85);
        gc.setStroke(colours.gap());
        gc.setLineWidth(1.6);
        for (MoveArc arc : arcs) {
            double length = arc.sweepDegrees() * pixelsPerDegree;
            int count = (int) Math.floor(length / CHEVRON_SPACING);
            for (int i = 0; i < count; i++) {
                double degrees = arc.startDegrees() + arc.sweepDegrees() * (i + 0.5) / count;
                double wing = Math.toDegrees(half / band.middle());
                Point2D tip = layout.pointAt(degrees, band.middle() - half);
                line(layout.pointAt(degrees - wing, band.middle() + half * 0.6), tip);
                line(tip, layout.pointAt(degrees + wing, band.middle() + half * 0.6));
            }
        }
    }

    /** Thin gaps between arcs wide enough to show them, so equal-split rings read as distinct segments. */
    private void paintSeparators(RingLayout.Band band, List<? extends ArcSpan> arcs) {
        if (arcs.size() < 2) {
            return;
        }
        double pixelsPerDegree = Math.toRadians(1) * band.middle();
        gc.setGlobalAlpha(1);
        gc.setStroke(colours.gap());
        gc.setLineWidth(1.5);
        for (int i = 0; i < arcs.size(); i++) {
            ArcSpan arc = arcs.get(i);
            ArcSpan previous = arcs.get((i + arcs.size() - 1) % arcs.size());
            boolean wide = arc.sweepDegrees() * pixelsPerDegree >= SEPARATOR_MIN_PIXELS
                    && previous.sweepDegrees() * pixelsPerDegree >= SEPARATOR_MIN_PIXELS;
            if (wide) {
                line(layout.pointAt(arc.startDegrees(), band.inner() - 0.5), layout.pointAt(arc.startDegrees(), band.outer() + 0.5));
            }
        }
    }

    private void paintHover(ArcHit hovered) {
        ArcSpan arc = hovered.arc();
        RingLayout.Band band = layout.band(hovered.ring());
        double minSweep = layout.degreesFor(MIN_ARC_PIXELS, hovered.ring());
        double sweep = Math.max(arc.sweepDegrees(), minSweep);
        double start = arc.centreDegrees() - sweep / 2;
        gc.setGlobalAlpha(0.75);
        gc.setStroke(colours.hover());
        gc.setLineWidth(1);
        gc.setLineDashes(3, 3);
        for (double edge : new double[] {start, start + sweep}) {
            line(layout.pointAt(edge, layout.holeRadius()), layout.pointAt(edge, layout.radius() + 2));
        }
        gc.setLineDashes();
        gc.setGlobalAlpha(1);
        gc.setLineWidth(2);
        gc.beginPath();
        gc.arc(layout.centreX(), layout.centreY(), band.outer() + 1, band.outer() + 1, 90 - start, -sweep);
        Point2D innerEnd = layout.pointAt(start + sweep, band.inner() - 1);
        gc.lineTo(innerEnd.getX(), innerEnd.getY());
        gc.arc(layout.centreX(), layout.centreY(), band.inner() - 1, band.inner() - 1, 90 - start - sweep, sweep);
        gc.closePath();
        gc.stroke();
    }

    private void strokeDrawn(double inner, double outer, ArcSpan arc, double minSweep) {
        double sweep = Math.max(arc.sweepDegrees(), minSweep);
        strokeArc(inner, outer, arc.centreDegrees() - sweep / 2, sweep);
    }

    /** A band segment as one thick stroke: JavaFX angles run counter-clockwise from 3 o'clock, ours clockwise from 12. */
    private void strokeArc(double inner, double outer, double startDegrees, double sweepDegrees) {
        double middle = (inner + outer) / 2;
        gc.setLineWidth(outer - inner);
        gc.strokeArc(layout.centreX() - middle, layout.centreY() - middle, 2 * middle, 2 * middle,
                90 - startDegrees, -sweepDegrees, ArcType.OPEN);
    }

    private void line(Point2D from, Point2D to) {
        gc.strokeLine(from.getX(), from.getY(), to.getX(), to.getY());
    }
}
