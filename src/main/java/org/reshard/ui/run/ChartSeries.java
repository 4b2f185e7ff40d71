package org.reshard.ui.run;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * A chart series that follows a list of metric points change by change: appending the new sample and
 * dropping the oldest costs the chart one point each, where replacing the whole series replotted them all.
 */
final class ChartSeries {

    private ChartSeries() {
    }

    /** A series holding {@code points} now and kept equal to them from here on. */
    static XYChart.Series<Number, Number> following(ObservableList<MetricPoint> points) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        points.forEach(p -> series.getData().add(point(p)));
        points.addListener((ListChangeListener<MetricPoint>) c -> {
            while (c.next()) {
                if (c.wasRemoved()) {
                    series.getData().remove(c.getFrom(), c.getFrom() + c.getRemovedSize());
                }
                if (c.wasAdded()) {
                    series.getData().addAll(c.getFrom(), c.getAddedSubList().stream().map(ChartSeries::point).toList());
                }
            }
        });
        return series;
    }

    private static XYChart.Data<Number, Number> point(MetricPoint p) {
        return new XYChart.Data<>(p.seconds(), p.value());
    }
}
