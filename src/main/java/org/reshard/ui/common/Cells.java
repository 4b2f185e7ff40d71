package org.reshard.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.TableColumn;
import javafx.util.Callback;

/** Table cells that read a record's component (PropertyValueFactory needs JavaBean getters, which records lack). */
public final class Cells {

    private Cells() {
    }

    public static <S, T> Callback<TableColumn.CellDataFeatures<S, T>, ObservableValue<T>> value(Function<S, T> read) {
        return features -> new ReadOnlyObjectWrapper<>(features.getValue() == null ? null : read.apply(features.getValue()));
    }
}
