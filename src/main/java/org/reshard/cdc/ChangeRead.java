package org.reshard.cdc;

import java.util.List;

/**
 * Changes read from a feed, in commit order, and what to acknowledge once they are applied: changelog ids to delete
 * (triggers), or the write-ahead-log position up to which every transaction was read whole (logical decoding, 0 when none).
 */
public record ChangeRead(List<CapturedChange> changes, List<Long> changelogIds, long walPosition) {

    public static final ChangeRead EMPTY = new ChangeRead(List.of(), List.of(), 0);

    public ChangeRead {
        changes = List.copyOf(changes);
        changelogIds = List.copyOf(changelogIds);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
