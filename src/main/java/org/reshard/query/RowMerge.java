package org.reshard.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges row-by-row results: the k-way {@link OrderedMerge} when the statement is ordered, otherwise rows
 * in the order they arrive; DISTINCT keeps a set of the rows emitted so far; then the window skips the
 * offset and stops at the limit, which stops the shards. Hidden ORDER BY columns are cut off.
 */
final class RowMerge {

    private RowMerge() {
    }

    static MergedRows merge(QueryPlan.Rows plan, List<ShardStream> streams, ActivitySignal signal) throws InterruptedException {
        RowSource source = plan.order().isEmpty() ? new ArrivalOrder(streams, signal) : ordered(plan, streams);
        Set<ValueKey> seen = new HashSet<>();
        List<List<Object>> rows = new ArrayList<>();
        long skipped = 0;
        int width = -1;
        Object[] row;
        while (!plan.window().isFull(rows.size()) && (row = source.next()) != null) {
            width = row.length - plan.hiddenColumns();
            if (plan.distinct() && !seen.add(ValueKey.of(Arrays.asList(Arrays.copyOf(row, width))))) {
                continue;
            }
            if (skipped < plan.window().offset()) {
                skipped++;
                continue;
            }
            rows.add(MergedRows.row(row, width));
        }
        return new MergedRows(visibleColumns(streams, plan.hiddenColumns()), rows);
    }

    private static RowSource ordered(QueryPlan.Rows plan, List<ShardStream> streams) throws InterruptedException {
        return new OrderedMerge(streams, new RowOrder(plan.order(), plan.hiddenColumns()))::next;
    }

    /** The ORDER BY comparator, its hidden columns placed once the first row shows how wide rows are. */
    private static final class RowOrder implements Comparator<Object[]> {
        private final List<SortKey> keys;
        private final int hidden;
        private Comparator<Object[]> resolved;

        RowOrder(List<SortKey> keys, int hidden) {
            this.keys = keys;
            this.hidden = hidden;
        }

        @Override
        public int compare(Object[] a, Object[] b) {
            if (resolved == null) {
                resolved = SortKey.comparator(keys.stream().map(k -> k.resolve(a.length, hidden)).toList());
            }
            return resolved.compare(a, b);
        }
    }

    static List<ResultColumn> visibleColumns(List<ShardStream> streams, int hidden) {
        for (ShardStream stream : streams) {
            List<ResultColumn> columns = stream.columnsOrNull();
            if (columns != null) {
                return columns.subList(0, columns.size() - hidden);
            }
        }
        return List.of();
    }

    /** Rows one at a time. */
    interface RowSource {
        Object[] next() throws InterruptedException;
    }

    /** Rows from whichever shard has some ready, so one slow shard does not hold up the others. */
    static final class ArrivalOrder implements RowSource {
        private final List<ShardStream> streams;
        private final ActivitySignal signal;

        ArrivalOrder(List<ShardStream> streams, ActivitySignal signal) {
            this.streams = streams;
            this.signal = signal;
        }

        @Override
        public Object[] next() throws InterruptedException {
            while (true) {
                boolean open = false;
                for (ShardStream stream : streams) {
                    Object[] row = stream.poll();
                    if (row != null) {
                        return row;
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
}
