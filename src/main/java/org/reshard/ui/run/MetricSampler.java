package org.reshard.ui.run;

import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.common.ErrorText;
import org.reshard.observe.ReshardingMetrics;
import org.reshard.state.ReshardingPhase;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.common.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live charts' points: reads the running operation's rows-per-second and lag gauges from the same
 * OpenTelemetry instruments the exporters see, off the UI thread; the reverse lag (no instrument of its own)
 * comes from the latest progress, sampled at the same moments.
 */
final class MetricSampler {

    private static final Logger LOG = LoggerFactory.getLogger(MetricSampler.class);
    private static final int MAX_POINTS = 300;

    private final ConsoleSession session;
    private final ObservableList<MetricPoint> rate = FXCollections.observableArrayList();
    private final ObservableList<MetricPoint> lag = FXCollections.observableArrayList();
    private final ObservableList<MetricPoint> reverseLag = FXCollections.observableArrayList();
    private long reverseLagMs;
    private Instant started = Instant.now();
    private long rowsMoved;
    private long rowsMovedAtSample;
    private String lastFailure = "";

    MetricSampler(ConsoleSession session) {
        this.session = session;
    }

    ObservableList<MetricPoint> rate() {
        return rate;
    }

    ObservableList<MetricPoint> lag() {
        return lag;
    }

    ObservableList<MetricPoint> reverseLag() {
        return reverseLag;
    }

    /** The charts' time starts again at 0; {@code forget} also drops the points of the operation shown before. */
    void restart(boolean forget) {
        started = Instant.now();
        if (forget) {
            rate.clear();
            lag.clear();
            reverseLag.clear();
        }
    }

    /** Rows copied and replicated so far, from the latest progress. */
    void rowsMoved(long rows) {
        rowsMoved = rows;
    }

    /** The largest reverse replication lag of any step, from the latest progress. */
    void reverseLagMs(long ms) {
        reverseLagMs = ms;
    }

    /** Adds a point per chart for the operation, read off the UI thread; a failed read goes to the log once. */
    void sample(String operation, ReshardingPhase phase) {
        boolean movedSinceLastSample = rowsMoved != rowsMovedAtSample;
        rowsMovedAtSample = rowsMoved;
        long reverse = reverseLagMs;
        session.background().run(() -> session.telemetry().collect(), metrics -> {
            lastFailure = "";
            add(operation, phase, movedSinceLastSample, metrics);
            // Reverse replication runs only after cutover: before it the chart stays empty rather than flat at 0.
            if (phase == ReshardingPhase.CLEANING_UP) {
                add(reverseLag, new MetricPoint(seconds(), reverse));
            }
        }, e -> {
            // Sampled every second: a lasting failure is logged once, not every second.
            if (!ErrorText.of(e).equals(lastFailure)) {
                lastFailure = ErrorText.of(e);
                Failures.log(LOG, operation, "Could not read the metrics for the charts").accept(e);
            }
        });
    }

    private void add(String operation, ReshardingPhase phase, boolean movedSinceLastSample, Collection<MetricData> metrics) {
        double seconds = seconds();
        for (MetricData m : metrics) {
            switch (m.getName()) {
                case ReshardingMetrics.ROWS_PER_SECOND -> m.getDoubleGaugeData().getPoints().stream()
                        .filter(p -> operation.equals(p.getAttributes().get(ReshardingMetrics.OPERATION)))
                        .forEach(p -> add(rate, new MetricPoint(seconds, copyRate(phase, p.getValue(), movedSinceLastSample))));
                case ReshardingMetrics.CDC_LAG_MS -> m.getLongGaugeData().getPoints().stream()
                        .filter(p -> operation.equals(p.getAttributes().get(ReshardingMetrics.OPERATION)))
                        .forEach(p -> add(lag, new MetricPoint(seconds, p.getValue())));
                default -> { }
            }
        }
    }

    private double seconds() {
        return Duration.between(started, Instant.now()).toMillis() / 1000.0;
    }

    /**
     * The chart's rows per second: the gauge keeps the copy's (or apply's) last rate after the rows stopped
     * moving; after Copying it counts only while replicated rows grow, else the chart shows 0 (a whole
     * retention in Cleaning up moves nothing).
     */
    static double copyRate(ReshardingPhase phase, double gauge, boolean rowsMovedSinceLastSample) {
        return phase == ReshardingPhase.COPYING || rowsMovedSinceLastSample ? gauge : 0;
    }

    private static void add(ObservableList<MetricPoint> series, MetricPoint point) {
        series.add(point);
        if (series.size() > MAX_POINTS) {
            series.remove(0, series.size() - MAX_POINTS);
        }
    }
}
