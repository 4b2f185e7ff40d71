package org.reshard.workflow;

/** Rows per second over recent batches, smoothed so one slow batch does not make the figure jump. */
final class RateMeter {

    private static final double SMOOTHING = 0.3;

    private double perSecond;

    synchronized void record(long rows, long nanos) {
        if (nanos <= 0) {
            return;
        }
        double sample = rows * 1e9 / nanos;
        perSecond = perSecond == 0 ? sample : perSecond + SMOOTHING * (sample - perSecond);
    }

    synchronized double perSecond() {
        return perSecond;
    }
}
