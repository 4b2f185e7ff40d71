package org.reshard.cdc;

import java.util.List;

/**
 * Changes read from a feed, in commit order, and what to acknowledge once they are applied: changelog ids to delete
 * (triggers), or the write-ahead-log position up to which every transaction was read whole (logical decoding, 0 when
 * none). {@code transactions} are the source transactions the changes came from (logical decoding only): their rows
 * are re-read only once they are visible on the source.
 */
public record ChangeRead(List<CapturedChange> changes, List<Long> changelogIds, long walPosition, List<Long> transactions) {

    public static final ChangeRead EMPTY = new ChangeRead(List.of(), List.of(), 0, List.of());

    public ChangeRead {
        changes = List.copyOf(changes);
        changelogIds = List.copyOf(changelogIds);
        transactions = List.copyOf(transactions);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
