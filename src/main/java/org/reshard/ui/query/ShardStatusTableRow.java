package org.reshard.ui.query;

import javafx.scene.control.TableRow;
import org.reshard.ui.common.StyleClasses;

/** A shard's row in the Shards tab, with a style class while it runs ({@code shard-running}) or once it failed ({@code shard-failed}). */
final class ShardStatusTableRow extends TableRow<ShardStatusRow> {

    private String stateClass;

    @Override
    protected void updateItem(ShardStatusRow row, boolean empty) {
        super.updateItem(row, empty);
        String now = empty || row == null ? null : switch (row.state()) {
            case FAILED, RUNNING -> StyleClasses.state(StyleClasses.SHARD, row.state());
            default -> null;
        };
        StyleClasses.switchState(this, stateClass, now);
        stateClass = now;
    }
}
