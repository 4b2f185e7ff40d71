package org.reshard.ui.plan;

import java.io.File;
import java.io.IOException;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.reshard.cdc.CaptureSetting;
import org.reshard.ui.common.Cells;
import org.reshard.ui.common.StyleClasses;
import org.reshard.ui.common.TooltipCell;
import org.reshard.ui.shell.MainViewModel;
import org.reshard.workflow.VerificationMode;

/** Binds the plan review: steps table, totals, the options form with inline validation, Start and export. */
public final class PlanController {

    private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");

    private final MainViewModel main;
    private final PlanViewModel model;

    @FXML
    private Label title;
    @FXML
    private ProgressIndicator computing;
    @FXML
    private Button export;
    @FXML
    private Button start;
    @FXML
    private Label totals;
    @FXML
    private Label duration;
    @FXML
    private ListView<String> problems;
    @FXML
    private TableView<StepRow> steps;
    @FXML
    private TableColumn<StepRow, Integer> indexColumn;
    @FXML
    private TableColumn<StepRow, String> tableColumn;
    @FXML
    private TableColumn<StepRow, String> routeColumn;
    @FXML
    private TableColumn<StepRow, String> rangesColumn;
    @FXML
    private TableColumn<StepRow, String> rowsColumn;
    @FXML
    private TableColumn<StepRow, String> bytesColumn;
    @FXML
    private TableColumn<StepRow, String> estimateColumn;
    @FXML
    private Label captureNote;
    @FXML
    private TableView<CaptureRow> captures;
    @FXML
    private TableColumn<CaptureRow, String> captureSourceColumn;
    @FXML
    private TableColumn<CaptureRow, String> captureMethodColumn;
    @FXML
    private TableColumn<CaptureRow, String> captureReasonColumn;
    @FXML
    private ChoiceBox<CaptureSetting> capture;
    @FXML
    private TextField batchSize;
    @FXML
    private Label batchSizeError;
    @FXML
    private TextField lagThreshold;
    @FXML
    private Label lagThresholdError;
    @FXML
    private ChoiceBox<VerificationMode> verification;
    @FXML
    private TextField cutoverTimeout;
    @FXML
    private Label cutoverTimeoutError;
    @FXML
    private TextField retention;
    @FXML
    private Label retentionError;
    @FXML
    private TextField retryFor;
    @FXML
    private Label retryForError;
    @FXML
    private Label formError;
    @FXML
    private Label explain;

    public PlanController(MainViewModel main) {
        this.main = main;
        this.model = main.plan();
    }

    @FXML
    private void initialize() {
        title.textProperty().bind(model.titleProperty());
        computing.visibleProperty().bind(model.computingProperty());
        totals.textProperty().bind(model.totalsProperty());
        duration.textProperty().bind(model.durationProperty());
        problems.setItems(model.problems());
        problems.visibleProperty().bind(Bindings.isNotEmpty(model.problems()));
        problems.managedProperty().bind(problems.visibleProperty());
        steps.setItems(model.steps());
        steps.setPlaceholder(new Label("No steps: load two topologies first"));
        indexColumn.setCellValueFactory(Cells.value(StepRow::index));
        tableColumn.setCellValueFactory(Cells.value(StepRow::table));
        routeColumn.setCellValueFactory(Cells.value(StepRow::route));
        rangesColumn.setCellValueFactory(Cells.value(StepRow::ranges));
        rangesColumn.setCellFactory(c -> new TooltipCell<>());
        rowsColumn.setCellValueFactory(Cells.value(StepRow::rows));
        bytesColumn.setCellValueFactory(Cells.value(StepRow::bytes));
        estimateColumn.setCellValueFactory(Cells.value(StepRow::estimate));

        bindCaptures();

        OptionsForm form = model.options();
        batchSize.textProperty().bindBidirectional(form.batchSizeProperty());
        lagThreshold.textProperty().bindBidirectional(form.lagThresholdProperty());
        cutoverTimeout.textProperty().bindBidirectional(form.cutoverTimeoutProperty());
        retention.textProperty().bindBidirectional(form.retentionProperty());
        retryFor.textProperty().bindBidirectional(form.retryForProperty());
        verification.getItems().setAll(VerificationMode.values());
        verification.setConverter(new StringConverter<>() {
            @Override
            public String toString(VerificationMode mode) {
                return mode == null ? "" : mode.label();
            }

            @Override
            public VerificationMode fromString(String text) {
                return VerificationMode.fromLabel(text);
            }
        });
        verification.valueProperty().bindBidirectional(form.verificationProperty());
        capture.getItems().setAll(CaptureSetting.values());
        capture.setConverter(new StringConverter<>() {
            @Override
            public String toString(CaptureSetting setting) {
                return setting == null ? "" : setting.label();
            }

            @Override
            public CaptureSetting fromString(String text) {
                return CaptureSetting.fromLabel(text);
            }
        });
        capture.valueProperty().bindBidirectional(form.captureProperty());
        errorLabel(batchSizeError, batchSize, form.batchSizeErrorProperty());
        errorLabel(lagThresholdError, lagThreshold, form.lagThresholdErrorProperty());
        errorLabel(cutoverTimeoutError, cutoverTimeout, form.cutoverTimeoutErrorProperty());
        errorLabel(retentionError, retention, form.retentionErrorProperty());
        errorLabel(retryForError, retryFor, form.retryForErrorProperty());
        formError.textProperty().bind(form.formErrorProperty());
        explain.textProperty().bind(form.explanationProperty());

        start.disableProperty().bind(model.canStartProperty().not());
        start.setOnAction(e -> main.startPlan());
        export.disableProperty().bind(main.session().planProperty().isNull());
        export.setOnAction(e -> export());
    }

    /** Each source's capture and why; a source that cannot use the capture asked for shows in the danger colour. */
    private void bindCaptures() {
        captures.setItems(model.captures());
        captures.setPlaceholder(new Label("Asked of each source once the plan is ready"));
        captureSourceColumn.setCellValueFactory(Cells.value(CaptureRow::source));
        captureMethodColumn.setCellValueFactory(Cells.value(CaptureRow::method));
        captureReasonColumn.setCellValueFactory(Cells.value(CaptureRow::reason));
        captureReasonColumn.setCellFactory(c -> new TooltipCell<>());
        captures.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(CaptureRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(PROBLEM, !empty && row != null && row.problem());
            }
        });
        captureNote.textProperty().bind(model.captureNoteProperty());
        captureNote.visibleProperty().bind(model.captureNoteProperty().isNotEmpty());
        captureNote.managedProperty().bind(captureNote.visibleProperty());
        model.captures().addListener((ListChangeListener<CaptureRow>) c ->
                captureNote.pseudoClassStateChanged(PROBLEM, model.captures().stream().anyMatch(CaptureRow::problem)));
    }

    private static void errorLabel(Label label, TextField field, javafx.beans.property.StringProperty error) {
        label.textProperty().bind(error);
        label.visibleProperty().bind(error.isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        error.addListener((o, a, b) -> field.pseudoClassStateChanged(StyleClasses.INVALID, !b.isEmpty()));
    }

    private void export() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the plan");
        chooser.setInitialFileName(model.plan().id() + ".json");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        File file = chooser.showSaveDialog(export.getScene().getWindow());
        if (file == null) {
            return;
        }
        try {
            model.export(file.toPath());
        } catch (IOException e) {
            new Alert(Alert.AlertType.ERROR, "Could not write " + file + ": " + e.getMessage()).showAndWait();
        }
    }
}
