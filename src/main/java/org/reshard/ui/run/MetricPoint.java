package org.reshard.ui.run;

/** One sample for a live chart: seconds since the run started, and the value. */
public record MetricPoint(double seconds, double value) {
}
