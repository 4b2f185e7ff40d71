package org.reshard.ui.run;

import java.util.List;
import javafx.scene.chart.NumberAxis;

/**
 * The bounds and tick spacing of a live chart's axis, in steps of 1, 2 or 5 × 10ⁿ. The charts set these
 * themselves instead of auto-ranging: auto-ranging measures candidate tick labels on every new sample,
 * which was the largest part of the Run screen's pulses, while rounded bounds change only now and then.
 */
record AxisRange(double lower, double upper, double tick) {

    private static final List<Double> STEPS = List.of(1.0, 2.0, 5.0, 10.0);

    /** The smallest rounded range holding {@code min}..{@code max} in about {@code ticks} steps; a flat range gets a span of 1. */
    static AxisRange covering(double min, double max, int ticks) {
        double high = max > min ? max : min + 1;
        double raw = (high - min) / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = STEPS.stream().map(s -> s * magnitude).filter(s -> s >= raw).findFirst().orElse(10 * magnitude);
        return new AxisRange(Math.floor(min / step) * step, Math.ceil(high / step) * step, step);
    }

    /** Sets the axis to this range, touching it only when something differs (a change relays the chart out). */
    void applyTo(NumberAxis axis) {
        if (axis.isAutoRanging()) {
            axis.setAutoRanging(false);
        }
        if (axis.getLowerBound() != lower || axis.getUpperBound() != upper || axis.getTickUnit() != tick) {
            axis.setLowerBound(lower);
            axis.setUpperBound(upper);
            axis.setTickUnit(tick);
        }
    }
}
