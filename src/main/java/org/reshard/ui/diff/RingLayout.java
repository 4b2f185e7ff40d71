package org.reshard.ui.diff;

import java.util.Optional;
import javafx.geometry.Point2D;

/**
 * Where the three rings sit inside the view: the before ring outside, the thin moves ring between, the
 * after ring inside, and a hole in the middle for the moved share. Proportions are of the outer radius so
 * the drawing scales with the window.
 */
public record RingLayout(double centreX, double centreY, double radius) {

    /** Room above and below the outer ring for the hash-value ticks and their labels. */
    public static final double TICK_MARGIN = 30;
    /** Room left and right: the labels there are written sideways from the tick, so they need more. */
    public static final double SIDE_MARGIN = 52;

    /** Fits the rings into a width × height area, centred. */
    public static RingLayout fit(double width, double height) {
        double radius = Math.max(0, Math.min(width / 2 - SIDE_MARGIN, height / 2 - TICK_MARGIN));
        return new RingLayout(Math.round(width / 2.0), Math.round(height / 2.0), radius);
    }

    public Band band(RingName ring) {
        return switch (ring) {
            case BEFORE -> new Band(radius * 0.84, radius);
            case MOVES -> new Band(radius * 0.695, radius * 0.815);
            case AFTER -> new Band(radius * 0.52, radius * 0.67);
        };
    }

    /** Radius of the empty middle, where the moved share is written. */
    public double holeRadius() {
        return radius * 0.50;
    }

    /** The ring under a point; the gaps between bands count as the nearer band so the pointer never falls through. */
    public Optional<RingName> ringAt(double x, double y) {
        double distance = Math.hypot(x - centreX, y - centreY);
        double gap = radius * 0.0125;
        for (RingName ring : RingName.values()) {
            Band band = band(ring);
            if (distance >= band.inner() - gap && distance <= band.outer() + gap) {
                return Optional.of(ring);
            }
        }
        return Optional.empty();
    }

    /** Degrees clockwise from 12 o'clock of a point around the centre. */
    public double degreesAt(double x, double y) {
        return RingGeometry.normalize(Math.toDegrees(Math.atan2(x - centreX, centreY - y)));
    }

    /** A point at an angle and distance from the centre. */
    public Point2D pointAt(double degrees, double distance) {
        double radians = Math.toRadians(degrees);
        return new Point2D(centreX + distance * Math.sin(radians), centreY - distance * Math.cos(radians));
    }

    /** The middle of a ring's band at an angle. */
    public Point2D pointOn(RingName ring, double degrees) {
        return pointAt(degrees, band(ring).middle());
    }

    /** The angle an arc of {@code pixels} length spans in the middle of a band: the minimum sweep for hover. */
    public double degreesFor(double pixels, RingName ring) {
        double middle = band(ring).middle();
        return middle <= 0 ? 0 : Math.toDegrees(pixels / middle);
    }

    /** A ring's extent from the centre. */
    public record Band(double inner, double outer) {

        public double middle() {
            return (inner + outer) / 2;
        }

        public double thickness() {
            return outer - inner;
        }
    }
}
