package org.reshard.ui.run;

import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.layout.StackPane;
import org.reshard.ui.common.StyleClasses;

/** The step table's "rows copied" cell: a progress bar with the rows done and the total written over it. */
final class CopyProgressCell extends TableCell<StepProgressRow, Double> {

    private final ProgressBar bar = new ProgressBar();
    private final Label text = new Label();
    private final StackPane content = new StackPane(bar, text);

    CopyProgressCell() {
        bar.setMaxWidth(Double.MAX_VALUE);
        text.getStyleClass().add(StyleClasses.BAR_TEXT);
    }

    @Override
    protected void updateItem(Double fraction, boolean empty) {
        super.updateItem(fraction, empty);
        StepProgressRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
        if (row == null || fraction == null) {
            setGraphic(null);
            return;
        }
        bar.setProgress(fraction);
        text.setText(row.copiedText());
        setGraphic(content);
    }
}
