package org.reshard.ui.query;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.reshard.ui.common.Cells;
import org.reshard.ui.common.Confirmations;
import org.reshard.ui.common.TooltipCell;

/** Binds the query editor view to its view-model: the SQL editor, options, shard picker, results, shard statuses and history. */
public final class QueryController {

    private static final KeyCombination RUN = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);

    private final QueryViewModel model;
    private final CodeArea editor = new CodeArea();
    private ResultGrid grid;

    @FXML
    private Label subtitle;
    @FXML
    private ProgressIndicator runningIndicator;
    @FXML
    private MenuButton export;
    @FXML
    private MenuItem exportCsv;
    @FXML
    private MenuItem exportJson;
    @FXML
    private Button cancel;
    @FXML
    private Button run;
    @FXML
    private ChoiceBox<QueryViewModel.Target> target;
    @FXML
    private MenuButton shardPicker;
    @FXML
    private TextField parallelism;
    @FXML
    private TextField timeout;
    @FXML
    private TextField rowLimit;
    @FXML
    private TextField memory;
    @FXML
    private CheckBox partial;
    @FXML
    private CheckBox raw;
    @FXML
    private ToggleButton unlockWrites;
    @FXML
    private Label optionsProblem;
    @FXML
    private HBox writesBanner;
    @FXML
    private StackPane editorHost;
    @FXML
    private Button clearHistory;
    @FXML
    private ListView<HistoryEntry> history;
    @FXML
    private VBox topologyBanner;
    @FXML
    private Label topologyTitle;
    @FXML
    private Label topologyText;
    @FXML
    private VBox warningsBanner;
    @FXML
    private Label warningsTitle;
    @FXML
    private Label warningsText;
    @FXML
    private VBox messageBanner;
    @FXML
    private Label messageTitle;
    @FXML
    private Label messageText;
    @FXML
    private Label summary;
    @FXML
    private javafx.scene.control.TextArea explainText;
    @FXML
    private javafx.scene.layout.HBox pager;
    @FXML
    private Button previousPage;
    @FXML
    private Button nextPage;
    @FXML
    private Label pageText;
    @FXML
    private Label notice;
    @FXML
    private TabPane resultTabs;
    @FXML
    private Tab resultsTab;
    @FXML
    private Tab shardsTab;
    @FXML
    private TableView<List<Object>> results;
    @FXML
    private TableView<ShardStatusRow> shardTable;
    @FXML
    private TableColumn<ShardStatusRow, String> shardColumn;
    @FXML
    private TableColumn<ShardStatusRow, String> stateColumn;
    @FXML
    private TableColumn<ShardStatusRow, Long> rowsColumn;
    @FXML
    private TableColumn<ShardStatusRow, String> timeColumn;
    @FXML
    private TableColumn<ShardStatusRow, String> errorColumn;

    public QueryController(QueryViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        editor();
        toolbar();
        resultsAndShards();
        historyList();
        banner();
    }

    private void editor() {
        editor.setId("sql-editor");
        editor.getStyleClass().add("sql-editor");
        editor.setParagraphGraphicFactory(LineNumberFactory.get(editor));
        editor.replaceText(model.sqlProperty().get());
        editor.setStyleSpans(0, SqlHighlighter.styles(editor.getText()));
        editor.textProperty().addListener((o, old, text) -> {
            model.sqlProperty().set(text);
            editor.setStyleSpans(0, SqlHighlighter.styles(text));
        });
        // The model's SQL changes from outside when a history entry is recalled.
        model.sqlProperty().addListener((o, old, text) -> {
            if (!text.equals(editor.getText())) {
                editor.replaceText(text);
                editor.moveTo(0);
            }
        });
        editor.caretPositionProperty().addListener((o, old, position) -> model.caretProperty().set(position));
        editor.selectedTextProperty().addListener((o, old, selected) -> model.selectionProperty().set(selected));
        editor.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (RUN.match(e)) {
                model.runCurrent();
                e.consume();
            }
        });
        editorHost.getChildren().add(new VirtualizedScrollPane<>(editor));
    }

    /** Previous / Next page over the last query's rows, the Row limit a page; shown once there is more than one page. */
    private void pages() {
        previousPage.disableProperty().bind(model.pageProperty().lessThanOrEqualTo(1).or(model.runningProperty()));
        nextPage.disableProperty().bind(model.hasNextPageProperty().not().or(model.runningProperty()));
        previousPage.setOnAction(e -> model.previousPage());
        nextPage.setOnAction(e -> model.nextPage());
        pageText.textProperty().bind(model.pageProperty().asString("Page %d"));
        pager.visibleProperty().bind(model.pageProperty().greaterThan(1).or(model.hasNextPageProperty()));
        pager.managedProperty().bind(pager.visibleProperty());
    }

    private void toolbar() {
        pages();
        run.disableProperty().bind(model.canRunProperty().not());
        run.setOnAction(e -> model.runCurrent());
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        runningIndicator.visibleProperty().bind(model.runningProperty());
        export.disableProperty().bind(model.lastResultProperty().isNull());
        exportCsv.setOnAction(e -> export(QueryViewModel.ExportFormat.CSV));
        exportJson.setOnAction(e -> export(QueryViewModel.ExportFormat.JSON));
        subtitle.textProperty().bind(model.subtitleProperty());
        target.getItems().setAll(QueryViewModel.Target.values());
        target.valueProperty().bindBidirectional(model.targetProperty());
        model.shards().addListener((ListChangeListener<ShardChoice>) c -> shardItems());
        shardItems();
        parallelism.textProperty().bindBidirectional(model.options().parallelismProperty());
        timeout.textProperty().bindBidirectional(model.options().timeoutProperty());
        rowLimit.textProperty().bindBidirectional(model.options().rowLimitProperty());
        memory.textProperty().bindBidirectional(model.options().memoryProperty());
        partial.selectedProperty().bindBidirectional(model.options().partialResultsProperty());
        raw.selectedProperty().bindBidirectional(model.options().rawRowsProperty());
        optionsProblem.textProperty().bind(model.options().problemProperty());
        optionsProblem.visibleProperty().bind(model.options().problemProperty().isNotEmpty());
        optionsProblem.managedProperty().bind(optionsProblem.visibleProperty());
        unlockWrites.setSelected(model.writesUnlockedProperty().get());
        unlockWrites.setOnAction(e -> {
            // Unlocking asks first; locking again never needs to.
            boolean unlock = unlockWrites.isSelected() && Confirmations.unlockWrites();
            unlockWrites.setSelected(unlock);
            model.writesUnlockedProperty().set(unlock);
        });
        writesBanner.visibleProperty().bind(model.writesUnlockedProperty());
        writesBanner.managedProperty().bind(writesBanner.visibleProperty());
    }

    private void shardItems() {
        MenuItem all = new MenuItem("All shards");
        all.setOnAction(e -> model.selectAll(true));
        MenuItem none = new MenuItem("None");
        none.setOnAction(e -> model.selectAll(false));
        shardPicker.getItems().setAll(all, none, new SeparatorMenuItem());
        for (ShardChoice choice : model.shards()) {
            CheckMenuItem item = new CheckMenuItem(choice.id());
            item.selectedProperty().bindBidirectional(choice.selectedProperty());
            shardPicker.getItems().add(item);
        }
        shardPicker.textProperty().bind(Bindings.createStringBinding(() -> {
            long chosen = model.shards().stream().filter(c -> c.selectedProperty().get()).count();
            return chosen == model.shards().size() ? "All shards" : chosen + " of " + model.shards().size() + " shards";
        }, model.shards()));
    }

    private void resultsAndShards() {
        grid = new ResultGrid(results);
        results.setItems(model.rows());
        // Columns follow each new result (not every change of the rows: sorting reorders them in place).
        model.lastResultProperty().addListener((o, old, result) -> grid.columns(result == null ? List.of() : result.columns(),
                result == null ? List.of() : result.rows()));
        results.setPlaceholder(new Label("Run a query to see its rows here."));
        resultsTab.textProperty().bind(Bindings.size(model.rows()).asString("Results (%,d)"));
        shardTable.setItems(model.shardStatus());
        shardColumn.setCellValueFactory(Cells.value(ShardStatusRow::shardId));
        stateColumn.setCellValueFactory(Cells.value(r -> r.state().label()));
        rowsColumn.setCellValueFactory(Cells.value(ShardStatusRow::rows));
        timeColumn.setCellValueFactory(Cells.value(ShardStatusRow::time));
        errorColumn.setCellValueFactory(Cells.value(ShardStatusRow::error));
        errorColumn.setCellFactory(c -> new TooltipCell<>());
        shardTable.setRowFactory(t -> new ShardStatusTableRow());
        shardsTab.textProperty().bind(Bindings.createStringBinding(() -> {
            long failed = model.shardStatus().stream().filter(r -> r.state() == ShardState.FAILED).count();
            return failed == 0 ? "Shards (" + model.shardStatus().size() + ")" : "Shards (" + failed + " failed)";
        }, model.shardStatus()));
        // A failure with no rows to show is best explained by the shard table.
        model.messageProperty().addListener((o, old, message) -> {
            if (message != null && message.kind() != QueryMessage.Kind.INFO && model.rows().isEmpty() && !model.shardStatus().isEmpty()
                    && model.shardStatus().stream().anyMatch(r -> r.state() == ShardState.FAILED)) {
                resultTabs.getSelectionModel().select(shardsTab);
            } else if (message == null || !model.rows().isEmpty()) {
                resultTabs.getSelectionModel().select(resultsTab);
            }
        });
        summary.textProperty().bind(model.summaryProperty());
        explainText.textProperty().bind(model.explainProperty());
        notice.textProperty().bind(model.noticeProperty());
    }

    private void historyList() {
        history.setItems(model.history());
        history.setPlaceholder(new Label("Queries you run appear here."));
        history.setCellFactory(list -> new HistoryCell());
        history.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                recallSelected();
            }
        });
        history.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                recallSelected();
            }
        });
        clearHistory.disableProperty().bind(Bindings.isEmpty(model.history()));
        clearHistory.setOnAction(e -> {
            if (Confirmations.clearHistory(model.history().size())) {
                model.clearHistory();
            }
        });
    }

    private void recallSelected() {
        HistoryEntry entry = history.getSelectionModel().getSelectedItem();
        if (entry != null) {
            model.recall(entry);
            editor.requestFocus();
        }
    }

    private void banner() {
        show(messageBanner, messageTitle, messageText, model.messageProperty());
        show(topologyBanner, topologyTitle, topologyText, model.topologyNoticeProperty());
        show(warningsBanner, warningsTitle, warningsText, model.warningsProperty());
    }

    /** A banner shows its message in the message's style, and takes no room while there is none. */
    private static void show(VBox banner, Label title, Label text, ObservableValue<QueryMessage> source) {
        banner.visibleProperty().bind(Bindings.createBooleanBinding(() -> source.getValue() != null, source));
        banner.managedProperty().bind(banner.visibleProperty());
        ChangeListener<QueryMessage> update = (o, old, message) -> {
            banner.getStyleClass().removeAll("message-error", "message-warning", "message-info");
            if (message != null) {
                banner.getStyleClass().add("message-" + message.kind().name().toLowerCase());
                title.setText(message.title());
                text.setText(message.text());
                text.setVisible(!message.text().isEmpty());
                text.setManaged(text.isVisible());
            }
        };
        source.addListener(update);
        update.changed(source, null, source.getValue());
    }

    private void export(QueryViewModel.ExportFormat format) {
        String extension = format.name().toLowerCase();
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the result as " + format.name());
        chooser.setInitialFileName("query-result." + extension);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.name() + " files", "*." + extension));
        File file = chooser.showSaveDialog(results.getScene().getWindow());
        if (file != null) {
            exportTo(file.toPath(), format);
        }
    }

    private void exportTo(Path file, QueryViewModel.ExportFormat format) {
        model.export(file, format, problem -> {
            if (problem != null) {
                Confirmations.problem("Export failed", problem);
            }
        });
    }
}
