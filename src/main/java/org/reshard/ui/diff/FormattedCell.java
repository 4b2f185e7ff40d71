package org.reshard.ui.diff;

import java.util.function.Function;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.util.Callback;

/** A table cell showing its row as text, with an optional style class chosen per row (e.g. for signs). */
final class FormattedCell<S> extends TableCell<S, S> {

    private final Function<S, String> text;
    private final Function<S, String> styleClassOf;
    private String appliedStyleClass;

    private FormattedCell(Function<S, String> text, Function<S, String> styleClassOf, String columnStyleClass) {
        this.text = text;
        this.styleClassOf = styleClassOf;
        getStyleClass().add(columnStyleClass);
    }

    /** Cells of a column whose value is the whole row. */
    static <S> Callback<TableColumn<S, S>, TableCell<S, S>> of(Function<S, String> text, String columnStyleClass) {
        return column -> new FormattedCell<>(text, row -> null, columnStyleClass);
    }

    /** Cells that also get a style class picked from their row. */
    static <S> Callback<TableColumn<S, S>, TableCell<S, S>> of(Function<S, String> text, Function<S, String> styleClassOf,
                                                             String columnStyleClass) {
        return column -> new FormattedCell<>(text, styleClassOf, columnStyleClass);
    }

    @Override
    protected void updateItem(S item, boolean empty) {
        super.updateItem(item, empty);
        getStyleClass().remove(appliedStyleClass);
        appliedStyleClass = empty || item == null ? null : styleClassOf.apply(item);
        if (appliedStyleClass != null) {
            getStyleClass().add(appliedStyleClass);
        }
        setText(empty || item == null ? null : text.apply(item));
    }
}
