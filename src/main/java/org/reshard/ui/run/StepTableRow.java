package org.reshard.ui.run;

import javafx.scene.control.TableRow;
import javafx.scene.control.Tooltip;
import org.reshard.ui.common.StyleClasses;

/**
 * A step's row in the Run screen's table, carrying the class of the step's state ({@code step-copying}, {@code step-verified}, …)
 * and, while the operation waits for the step's source or target, {@code step-waiting} and a tooltip saying what it waits for.
 * Waiting comes on top of the state: a step waits while it is copying, replicating or verified.
 */
final class StepTableRow extends TableRow<StepProgressRow> {

    private final Tooltip waitingTip = new Tooltip();
    private String stateClass;

    @Override
    protected void updateItem(StepProgressRow row, boolean empty) {
        super.updateItem(row, empty);
        String now = empty || row == null ? null : StyleClasses.state(StyleClasses.STEP, row.state());
        StyleClasses.switchState(this, stateClass, now);
        stateClass = now;
        boolean waiting = !empty && row != null && row.waiting();
        StyleClasses.toggle(this, StyleClasses.STEP_WAITING, waiting);
        if (waiting) {
            waitingTip.setText(row.waitingDetail());
        }
        setTooltip(waiting ? waitingTip : null);
    }
}
