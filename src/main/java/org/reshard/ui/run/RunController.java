package org.reshard.ui.run;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.reshard.common.Moments;
import org.reshard.ui.common.Cells;
import org.reshard.ui.common.Confirmations;
import org.reshard.ui.common.ConsoleLog;
import org.reshard.ui.cutover.CutoverDialog;
import org.reshard.ui.cutover.SwitchBackDialog;
import org.reshard.ui.cutover.SwitchBackViewModel;
import org.reshard.ui.shell.MainViewModel;

/**
 * Binds the run screen: timeline, step table with progress bars, live charts, log pane, the cutover dialog, and
 * during the retention Switch back (its own dialog) and Complete (asks first).
 */
public final class RunController {

    /** About this many steps along each chart axis. */
    private static final int X_TICKS = 6;
    private static final int Y_TICKS = 4;

    private final MainViewModel main;
    private final RunViewModel model;
    private final Timeline sampler;
    private final Timeline countdown;
    private final List<PhaseChip> chips = new ArrayList<>();
    private boolean logScrollPending;

    @FXML
    private Label headline;
    @FXML
    private Button pause;
    @FXML
    private Button resume;
    @FXML
    private Button cancel;
    @FXML
    private Button switchBack;
    @FXML
    private Button complete;
    @FXML
    private Button rollBack;
    @FXML
    private HBox timeline;
    @FXML
    private ProgressBar overall;
    @FXML
    private Label percentText;
    @FXML
    private HBox waitingBanner;
    @FXML
    private Label waitingText;
    @FXML
    private Label activity;
    @FXML
    private Label outcome;
    @FXML
    private Label error;
    @FXML
    private TableView<StepProgressRow> steps;
    @FXML
    private TableColumn<StepProgressRow, Integer> indexColumn;
    @FXML
    private TableColumn<StepProgressRow, String> tableColumn;
    @FXML
    private TableColumn<StepProgressRow, StepProgressRow> routeColumn;
    @FXML
    private TableColumn<StepProgressRow, Double> copiedColumn;
    @FXML
    private TableColumn<StepProgressRow, String> replicatedColumn;
    @FXML
    private TableColumn<StepProgressRow, String> lagColumn;
    @FXML
    private TableColumn<StepProgressRow, String> reversedColumn;
    @FXML
    private TableColumn<StepProgressRow, String> reverseLagColumn;
    @FXML
    private TableColumn<StepProgressRow, String> verifiedColumn;
    @FXML
    private LineChart<Number, Number> rateChart;
    @FXML
    private LineChart<Number, Number> lagChart;
    @FXML
    private LineChart<Number, Number> reverseLagChart;
    @FXML
    private ListView<ConsoleLog.Entry> log;

    public RunController(MainViewModel main) {
        this.main = main;
        this.model = main.run();
        this.sampler = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.sample()));
        sampler.setCycleCount(Timeline.INDEFINITE);
        // While the operation waits no progress arrives: this counts down to its next attempt.
        this.countdown = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.tick(Instant.now())));
        countdown.setCycleCount(Timeline.INDEFINITE);
    }

    @FXML
    private void initialize() {
        headline.textProperty().bind(model.headlineProperty());
        activity.textProperty().bind(model.activityProperty());
        waitingText.textProperty().bind(model.waitingTextProperty());
        waitingBanner.visibleProperty().bind(model.waitingProperty());
        waitingBanner.managedProperty().bind(waitingBanner.visibleProperty());
        // The engine's "waiting for …" event would repeat the banner with a countdown that stands still.
        activity.visibleProperty().bind(model.waitingProperty().not());
        activity.managedProperty().bind(activity.visibleProperty());
        model.waitingProperty().addListener((o, was, waiting) -> countdown(waiting));
        countdown(model.waitingProperty().get());
        outcome.textProperty().bind(model.outcomeProperty());
        error.textProperty().bind(model.errorProperty());
        overall.progressProperty().bind(model.percentProperty());
        percentText.textProperty().bind(model.percentTextProperty());
        pause.disableProperty().bind(model.runningProperty().not());
        cancel.disableProperty().bind(model.runningProperty().not());
        resume.disableProperty().bind(model.canResumeProperty().not());
        rollBack.disableProperty().bind(model.canRollBackProperty().not().or(model.runningProperty()));
        pause.setOnAction(e -> model.actions().pause());
        cancel.setOnAction(e -> model.actions().cancel());
        resume.setOnAction(e -> model.actions().resume(model.operationIdProperty().get()));
        rollBack.setOnAction(e -> {
            if (Confirmations.rollBack(model.operationIdProperty().get())) {
                model.actions().rollBack();
            }
        });
        // Shown only while they can be used: the way back exists during the retention alone.
        for (Button b : List.of(switchBack, complete)) {
            b.visibleProperty().bind(model.canUseWayBackProperty());
            b.managedProperty().bind(b.visibleProperty());
        }
        switchBack.setOnAction(e -> model.actions().askSwitchBack());
        model.switchBackRequestProperty().addListener((o, old, summary) -> {
            if (summary != null) {
                model.switchBackRequestProperty().set(null);
                SwitchBackDialog.show(headline.getScene().getWindow(),
                        new SwitchBackViewModel(summary, model.actions()::switchBack, Instant.now(), ZoneId.systemDefault()));
            }
        });
        complete.setOnAction(e -> {
            Instant until = model.retainedUntil();
            if (Confirmations.complete(model.operationIdProperty().get(),
                    until == null ? "" : Moments.relative(until, Instant.now(), ZoneId.systemDefault()))) {
                model.actions().complete();
            }
        });
        model.offerRollBackProperty().addListener((o, a, offer) -> {
            if (offer && Confirmations.rollBack(model.operationIdProperty().get())) {
                model.actions().rollBack();
            }
        });
        model.timeline().addListener((ListChangeListener<PhaseItem>) c -> showTimeline());
        showTimeline();
        bindSteps();
        bindChart(rateChart, model.rate());
        bindChart(lagChart, model.lag());
        bindChart(reverseLagChart, model.reverseLag());
        log.setItems(model.log());
        log.setCellFactory(list -> new LogCell());
        model.log().addListener((ListChangeListener<ConsoleLog.Entry>) c -> scrollLogToEnd());
        model.gateRequestProperty().addListener((o, old, request) -> {
            if (request != null) {
                CutoverDialog.show(headline.getScene().getWindow(), request);
            }
        });
        model.runningProperty().addListener((o, was, running) -> {
            if (running) {
                sampler.play();
            } else {
                sampler.stop();
            }
        });
        // The screen is built on first show, often after the run started: sample from now on.
        if (model.runningProperty().get()) {
            sampler.play();
        }
    }

    /**
     * Lays the hidden screen out once ({@code layout}) filled with sample steps, log lines and chart points,
     * then gives it back the model's lists. The table's and list's cells, their progress bars, styles and the
     * glyphs they use then exist before a run needs them: built at Start they held the first frames up.
     */
    public void rehearse(Runnable layout) {
        Instant now = Instant.now();
        steps.setItems(FXCollections.observableArrayList(
                new StepProgressRow(1, "orders", "shard-0 → shard-2", StepProgressRow.State.COPYING, 0.25, "250,000 / 1,000,000", "1,024", "12 ms", "0", "0 ms", "–",
                        "waiting for shard shard-2 (shard-2.db): database is locked"),
                new StepProgressRow(2, "order_lines", "shard-1 → shard-2", StepProgressRow.State.VERIFIED, 1.0, "1,000,000 / 1,000,000", "0", "0 ms", "512", "8 ms", "✓ 1,000,000 rows", "")));
        log.setItems(FXCollections.observableArrayList(
                new ConsoleLog.Entry(now, "INFO", "", "Copying", "copied 250,000 rows of orders (25.0%)"),
                new ConsoleLog.Entry(now, "WARN", "", "Replicating", "lag 1,200 ms on shard-2"),
                new ConsoleLog.Entry(now, "ERROR", "", "Verifying", "checksum differs for orders")));
        // Sample points go in series of their own, removed whole afterwards: points removed from the model's
        // series left their line drawn in the hidden chart until the next real point (seen in the lag chart while copying).
        List<LineChart<Number, Number>> charts = List.of(rateChart, lagChart, reverseLagChart);
        List<XYChart.Series<Number, Number>> samples = charts.stream().map(chart -> {
            XYChart.Series<Number, Number> sample = new XYChart.Series<>();
            sample.getData().addAll(List.of(new XYChart.Data<>(0, 0), new XYChart.Data<>(60, 250_000)));
            chart.getData().add(sample);
            return sample;
        }).toList();
        layout.run();
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).getData().remove(samples.get(i));
            AxisRange.covering(0, 10, X_TICKS).applyTo((NumberAxis) charts.get(i).getXAxis());
            AxisRange.covering(0, 1, Y_TICKS).applyTo((NumberAxis) charts.get(i).getYAxis());
        }
        steps.setItems(model.steps());
        log.setItems(model.log());
    }

    private void countdown(boolean waiting) {
        if (waiting) {
            countdown.play();
        } else {
            countdown.stop();
        }
    }

    /**
     * Scrolls to the newest line once for all the lines that arrived together: at the start of a run they come
     * dozens at a time, and scrolling after each one held a pulse up for 20 ms.
     */
    private void scrollLogToEnd() {
        if (logScrollPending) {
            return;
        }
        logScrollPending = true;
        Platform.runLater(() -> {
            logScrollPending = false;
            log.scrollTo(model.log().size() - 1);
        });
    }

    /** Updates the chips in place while the phases stay the same; builds them anew when the list of phases changes. */
    private void showTimeline() {
        List<PhaseItem> items = model.timeline();
        boolean samePhases = chips.size() == items.size();
        for (int i = 0; samePhases && i < items.size(); i++) {
            samePhases = chips.get(i).label().equals(items.get(i).label());
        }
        if (samePhases) {
            for (int i = 0; i < items.size(); i++) {
                chips.get(i).show(items.get(i));
            }
            return;
        }
        chips.clear();
        items.forEach(item -> chips.add(new PhaseChip(item)));
        timeline.getChildren().setAll(chips.stream().map(PhaseChip::node).toList());
    }

    private void bindSteps() {
        steps.setItems(model.steps());
        steps.setPlaceholder(new Label("Steps appear when an operation starts"));
        steps.setRowFactory(t -> new StepTableRow());
        indexColumn.setCellValueFactory(Cells.value(StepProgressRow::index));
        tableColumn.setCellValueFactory(Cells.value(StepProgressRow::table));
        routeColumn.setCellValueFactory(Cells.value(row -> row));
        routeColumn.setCellFactory(c -> new RouteCell());
        copiedColumn.setCellValueFactory(Cells.value(StepProgressRow::copied));
        copiedColumn.setCellFactory(c -> new CopyProgressCell());
        replicatedColumn.setCellValueFactory(Cells.value(StepProgressRow::replicated));
        lagColumn.setCellValueFactory(Cells.value(StepProgressRow::lag));
        reversedColumn.setCellValueFactory(Cells.value(StepProgressRow::reversed));
        reverseLagColumn.setCellValueFactory(Cells.value(StepProgressRow::reverseLag));
        verifiedColumn.setCellValueFactory(Cells.value(StepProgressRow::verified));
    }

    /** The chart follows the points; its axes are rounded to the points' extent (time along x, from zero up on y). */
    private static void bindChart(LineChart<Number, Number> chart, ObservableList<MetricPoint> points) {
        chart.getData().add(ChartSeries.following(points));
        Runnable fit = () -> {
            if (points.isEmpty()) {
                return;
            }
            DoubleSummaryStatistics seconds = points.stream().mapToDouble(MetricPoint::seconds).summaryStatistics();
            DoubleSummaryStatistics values = points.stream().mapToDouble(MetricPoint::value).summaryStatistics();
            AxisRange.covering(seconds.getMin(), seconds.getMax(), X_TICKS).applyTo((NumberAxis) chart.getXAxis());
            AxisRange.covering(Math.min(0, values.getMin()), values.getMax(), Y_TICKS).applyTo((NumberAxis) chart.getYAxis());
        };
        points.addListener((ListChangeListener<MetricPoint>) c -> fit.run());
        fit.run();
    }
}
