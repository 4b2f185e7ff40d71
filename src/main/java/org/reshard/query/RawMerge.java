package org.reshard.query;

import java.util.ArrayList;
import java.util.List;

/** Raw per-shard rows (and the affected-row counts of writes): concatenated as they arrive, each starting with its shard id. */
final class RawMerge {

    private static final ResultColumn SHARD = new ResultColumn("shard", ValueType.TEXT, "text");

    private RawMerge() {
    }

    static MergedRows merge(RowWindow window, List<ShardStream> streams, ActivitySignal signal) throws InterruptedException {
        List<List<Object>> rows = new ArrayList<>();
        long skipped = 0;
        while (!window.isFull(rows.size())) {
            Tagged next = next(streams, signal);
            if (next == null) {
                break;
            }
            if (skipped < window.offset()) {
                skipped++;
                continue;
            }
            Object[] tagged = new Object[next.row().length + 1];
            tagged[0] = next.shardId();
            System.arraycopy(next.row(), 0, tagged, 1, next.row().length);
            rows.add(MergedRows.row(tagged, tagged.length));
        }
        List<ResultColumn> columns = new ArrayList<>();
        columns.add(SHARD);
        columns.addAll(RowMerge.visibleColumns(streams, 0));
        return new MergedRows(columns, rows);
    }

    /** A row and its shard. */
    private record Tagged(String shardId, Object[] row) {
    }

    private static Tagged next(List<ShardStream> streams, ActivitySignal signal) throws InterruptedException {
        while (true) {
            boolean open = false;
            for (ShardStream stream : streams) {
                Object[] row = stream.poll();
                if (row != null) {
                    return new Tagged(stream.shardId(), row);
                }
                open |= !stream.exhausted();
            }
            if (!open) {
                return null;
            }
            signal.await(50);
        }
    }
}
