package org.reshard.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.util.Callback;

/** Table cells that read a record's component (PropertyValueFactory needs JavaBean getters, which records lack). */
public final class Cells {

    private Cells() {
    }

    /**
     * Keeps a column at least as wide as its widest value (and its title), measured in {@code font} plus
     * {@code extra} pixels (padding, an icon): a constrained table then shrinks the other columns instead.
     */
    public static <S> void fitContent(javafx.scene.control.TableView<S> table, TableColumn<S, ?> column, Function<S, String> text,
                                      javafx.scene.text.Font font, double extra) {
        Runnable fit = () -> {
            javafx.scene.text.Text probe = new javafx.scene.text.Text(column.getText());
            probe.setFont(javafx.scene.text.Font.font(font.getFamily(), javafx.scene.text.FontWeight.BOLD, font.getSize()));
            double widest = probe.getLayoutBounds().getWidth() + 24;
            probe.setFont(font);
            for (S item : table.getItems()) {
                String value = item == null ? null : text.apply(item);
                if (value != null) {
                    probe.setText(value);
                    widest = Math.max(widest, probe.getLayoutBounds().getWidth() + extra);
                }
            }
            column.setMinWidth(Math.ceil(widest));
            column.setPrefWidth(Math.ceil(widest));
            // A constrained table does not share its width out again when a column's width changes: set the policy
            // anew, so the columns still fit (and the one that gives way, ellipsizes) instead of being clipped.
            var policy = table.getColumnResizePolicy();
            table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
            table.setColumnResizePolicy(policy);
        };
        table.getItems().addListener((javafx.collections.ListChangeListener<S>) c -> fit.run());
        fit.run();
    }

    public static <S, T> Callback<TableColumn.CellDataFeatures<S, T>, ObservableValue<T>> value(Function<S, T> read) {
        return features -> new ReadOnlyObjectWrapper<>(features.getValue() == null ? null : read.apply(features.getValue()));
    }
}
