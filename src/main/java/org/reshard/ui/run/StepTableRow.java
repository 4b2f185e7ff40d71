package org.reshard.ui.run;

import javafx.scene.control.TableRow;
import org.reshard.ui.common.StyleClasses;

/** A step's row in the Run screen's table, carrying the class of the step's state ({@code step-copying}, {@code step-verified}, …). */
final class StepTableRow extends TableRow<StepProgressRow> {

    private String stateClass;

    @Override
    protected void updateItem(StepProgressRow row, boolean empty) {
        super.updateItem(row, empty);
        String now = empty || row == null ? null : StyleClasses.state(StyleClasses.STEP, row.state());
        StyleClasses.switchState(this, stateClass, now);
        stateClass = now;
    }
}
