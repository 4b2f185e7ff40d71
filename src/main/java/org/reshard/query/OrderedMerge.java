package org.reshard.query;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The k-way merge of per-shard streams that each arrive sorted: a priority queue holds one head row per
 * shard, so memory stays at one row per shard however many rows the shards return. It checks that every
 * shard's rows really arrive in the merge's order, because a database collation that sorts text
 * differently from code-point order would otherwise interleave rows silently wrong.
 */
final class OrderedMerge {

    /** A head row and the shard it came from. */
    private record Head(Object[] row, ShardStream stream) {
    }

    private final Comparator<Object[]> order;
    private final PriorityQueue<Head> heads;
    private final Map<ShardStream, Object[]> previous = new HashMap<>();
    /**
     * The shard whose head was handed out last, refilled only when the next row is asked for: a merge that
     * stops at its LIMIT then never waits for a row (or the end) it does not need.
     */
    private ShardStream taken;

    OrderedMerge(List<ShardStream> streams, Comparator<Object[]> order) throws InterruptedException {
        this.order = order;
        this.heads = new PriorityQueue<>(Math.max(1, streams.size()), (a, b) -> order.compare(a.row(), b.row()));
        for (ShardStream stream : streams) {
            advance(stream);
        }
    }

    /** The smallest remaining row, or null when every shard is exhausted. */
    Object[] next() throws InterruptedException {
        if (taken != null) {
            advance(taken);
            taken = null;
        }
        Head head = heads.poll();
        if (head == null) {
            return null;
        }
        taken = head.stream();
        return head.row();
    }

    private void advance(ShardStream stream) throws InterruptedException {
        Object[] row = stream.next();
        if (row == null) {
            return;
        }
        Object[] before = previous.put(stream, row);
        if (before != null && order.compare(before, row) > 0) {
            throw new MergeFailure(QueryErrors.mergeFailed("shard " + stream.shardId() + " returned rows in an order the merge"
                    + " cannot reproduce: its text collation sorts differently from code-point order (the C collation)"
                    + " — order by numbers or dates, create the shard database with LC_COLLATE C, or use --raw"));
        }
        heads.add(new Head(row, stream));
    }
}
