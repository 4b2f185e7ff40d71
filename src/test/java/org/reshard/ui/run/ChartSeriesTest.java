package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.Test;

class ChartSeriesTest {

    @Test
    void theSeriesFollowsAppendsTrimsAndResetsOfThePoints() {
        ObservableList<MetricPoint> points = FXCollections.observableArrayList(new MetricPoint(1, 10), new MetricPoint(2, 20));
        XYChart.Series<Number, Number> series = ChartSeries.following(points);
        assertThat(xy(series)).containsExactly(List.of(1.0, 10.0), List.of(2.0, 20.0));

        points.add(new MetricPoint(3, 30));
        points.remove(0, 1);
        assertThat(xy(series)).containsExactly(List.of(2.0, 20.0), List.of(3.0, 30.0));

        points.setAll(new MetricPoint(9, 90));
        assertThat(xy(series)).containsExactly(List.of(9.0, 90.0));
    }

    @Test
    void appendingKeepsTheEarlierPointsOfTheSeries() {
        ObservableList<MetricPoint> points = FXCollections.observableArrayList(new MetricPoint(1, 10));
        XYChart.Series<Number, Number> series = ChartSeries.following(points);
        XYChart.Data<Number, Number> first = series.getData().getFirst();
        points.add(new MetricPoint(2, 20));
        assertThat(series.getData().getFirst()).isSameAs(first);
    }

    private static List<List<Double>> xy(XYChart.Series<Number, Number> series) {
        return series.getData().stream().map(d -> List.of(d.getXValue().doubleValue(), d.getYValue().doubleValue())).toList();
    }
}
