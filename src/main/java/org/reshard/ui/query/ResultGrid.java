package org.reshard.ui.query;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.Clipboard;
import org.reshard.query.ResultColumn;
import org.reshard.query.ValueText;

/**
 * The results grid: a (virtualised) table whose columns follow the result, sorted by value type when a
 * header is clicked, with cell selection copied as tab-separated text (Ctrl+C or the context menu).
 */
public final class ResultGrid {

    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private final TableView<List<Object>> table;

    public ResultGrid(TableView<List<Object>> table) {
        this.table = table;
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().setCellSelectionEnabled(true);
        table.setOnKeyPressed(e -> {
            if (COPY.match(e)) {
                copySelection();
                e.consume();
            }
        });
        MenuItem copy = new MenuItem("Copy");
        copy.setAccelerator(COPY);
        copy.setOnAction(e -> copySelection());
        MenuItem copyWithHeaders = new MenuItem("Copy with column names");
        copyWithHeaders.setOnAction(e -> copy(selectionText(true)));
        table.setContextMenu(new ContextMenu(copy, copyWithHeaders));
    }

    /** Rebuilds the columns for a new result, each as wide as its name and the first rows' values need. */
    public void columns(List<ResultColumn> columns, List<List<Object>> rows) {
        table.getSortOrder().clear();
        List<List<Object>> sample = rows.subList(0, Math.min(rows.size(), 200));
        table.getColumns().setAll(IntStream.range(0, columns.size()).mapToObj(i -> column(columns.get(i), i, sample)).toList());
    }

    private static TableColumn<List<Object>, Object> column(ResultColumn column, int index, List<List<Object>> sample) {
        TableColumn<List<Object>, Object> tableColumn = new TableColumn<>(column.name());
        tableColumn.setUserData(column);
        tableColumn.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().get(index)));
        tableColumn.setComparator(VALUE_ORDER);
        int widest = sample.stream().mapToInt(row -> text(row.get(index)).length()).max().orElse(0);
        tableColumn.setPrefWidth(Math.max(80, Math.min(360, Math.max(column.name().length() + 2, widest) * 8 + 24)));
        tableColumn.setCellFactory(c -> new ResultCell());
        return tableColumn;
    }

    /** NULLs first, numbers by value whatever their Java type, other values by their natural order or text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Comparator<Object> VALUE_ORDER = (a, b) -> {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable c) {
            return c.compareTo(b);
        }
        return text(a).compareTo(text(b));
    };

    private static BigDecimal decimal(Number n) {
        return switch (n) {
            case BigDecimal d -> d;
            case Double d when !Double.isFinite(d) -> d > 0 ? BigDecimal.valueOf(Double.MAX_VALUE) : BigDecimal.valueOf(-Double.MAX_VALUE);
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> BigDecimal.valueOf(f.doubleValue());
            default -> BigDecimal.valueOf(n.longValue());
        };
    }

    /** A value as the grid (and Copy) shows it: as export and the command line write it ({@link ValueText}). */
    static String text(Object value) {
        return switch (value) {
            case null -> "";
            case Float f when Float.isFinite(f) -> ValueText.real(f.doubleValue());
            default -> ValueText.of(value);
        };
    }

    private void copySelection() {
        copy(selectionText(false));
    }

    private void copy(String text) {
        if (!text.isEmpty()) {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        }
    }

    /** The selected cells as lines of tab-separated values, in table order; rows and columns without a selected cell are left out. */
    String selectionText(boolean withHeaders) {
        List<TablePosition> cells = List.copyOf(table.getSelectionModel().getSelectedCells());
        List<Integer> rows = cells.stream().map(TablePosition::getRow).distinct().sorted().toList();
        List<TableColumn<List<Object>, ?>> columns = table.getVisibleLeafColumns().stream()
                .filter(c -> cells.stream().anyMatch(p -> p.getTableColumn() == c)).toList();
        StringBuilder text = new StringBuilder();
        if (withHeaders && !columns.isEmpty()) {
            text.append(columns.stream().map(TableColumn::getText).collect(Collectors.joining("\t"))).append('\n');
        }
        for (int row : rows) {
            text.append(columns.stream().map(c -> {
                boolean selected = cells.stream().anyMatch(p -> p.getRow() == row && p.getTableColumn() == c);
                return selected ? text(c.getCellData(row)) : "";
            }).collect(Collectors.joining("\t"))).append('\n');
        }
        return text.toString();
    }
}
