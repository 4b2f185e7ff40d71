package org.reshard.ui.diff;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.reshard.plan.PlanStep;
import org.reshard.plan.RangeMove;
import org.reshard.plan.ReshardingPlan;
import org.reshard.topology.Topology;

/**
 * Rows per shard before and after, and rows per move, as far as they are known: a shard's rows after are
 * its rows before minus what moves out plus what moves in.
 *
 * @param rowsBefore   row counts known before the move, by shard; a shard that the before topology does
 *                     not list holds no rows by definition
 * @param rowsByPair   rows moving from source to target, for every pair when {@code basis} is not UNKNOWN
 * @param shareByPair  share of the hash space each pair moves, to scale a pair's rows down to one arc
 */
public record RowMovement(RowBasis basis, Map<String, Long> rowsBefore, Map<ShardPair, Long> rowsByPair,
                          Map<ShardPair, Double> shareByPair) {

    public RowMovement {
        rowsBefore = Map.copyOf(rowsBefore);
        rowsByPair = Map.copyOf(rowsByPair);
        shareByPair = Map.copyOf(shareByPair);
    }

    /**
     * Combines the caller's row counts with the plan. Without a plan, rows moving are estimated from the
     * source's count scaled by hash share — the same assumption the planner's 'statistics' method makes.
     */
    public static RowMovement of(Topology before, Topology after, List<RangeMove> moves, ReshardingPlan planOrNull,
                                 Map<String, Long> rowsBeforeByShard) {
        Map<String, Long> known = new HashMap<>(rowsBeforeByShard);
        Set<String> listedBefore = Set.copyOf(before.shardIds());
        after.shardIds().stream().filter(id -> !listedBefore.contains(id)).forEach(id -> known.putIfAbsent(id, 0L));
        Map<ShardPair, Double> shares = new HashMap<>();
        moves.forEach(move -> shares.put(new ShardPair(move.sourceShard(), move.targetShard()), move.fraction()));
        if (planOrNull != null) {
            Map<ShardPair, Long> rows = new HashMap<>();
            shares.keySet().forEach(pair -> rows.put(pair, 0L));
            for (PlanStep step : planOrNull.steps()) {
                rows.merge(new ShardPair(step.sourceShard(), step.targetShard()), step.estimatedRows(), Long::sum);
            }
            return new RowMovement(RowBasis.PLAN, known, rows, shares);
        }
        Map<String, Double> sourceShares = before.partition().shareByShard();
        boolean sourcesCounted = moves.stream().allMatch(move -> known.containsKey(move.sourceShard()));
        if (!sourcesCounted) {
            return new RowMovement(RowBasis.UNKNOWN, known, Map.of(), shares);
        }
        Map<ShardPair, Long> rows = new HashMap<>();
        for (RangeMove move : moves) {
            double sourceShare = sourceShares.getOrDefault(move.sourceShard(), 0.0);
            long sourceRows = known.get(move.sourceShard());
            rows.put(new ShardPair(move.sourceShard(), move.targetShard()),
                    sourceShare == 0 ? 0 : Math.round(sourceRows * move.fraction() / sourceShare));
        }
        return new RowMovement(RowBasis.HASH_SHARE, known, rows, shares);
    }

    /** Rows on a shard before the move, when known. */
    public OptionalLong rowsBefore(String shardId) {
        Long rows = rowsBefore.get(shardId);
        return rows == null ? OptionalLong.empty() : OptionalLong.of(rows);
    }

    /** Rows on a shard after the move: before − out + in, when all three are known. */
    public OptionalLong rowsAfter(String shardId) {
        OptionalLong start = rowsBefore(shardId);
        boolean involved = shareByPair.keySet().stream().anyMatch(p -> p.source().equals(shardId) || p.target().equals(shardId));
        if (start.isEmpty() || involved && basis == RowBasis.UNKNOWN) {
            return OptionalLong.empty();
        }
        long out = rowsByPair.entrySet().stream().filter(e -> e.getKey().source().equals(shardId)).mapToLong(Map.Entry::getValue).sum();
        long in = rowsByPair.entrySet().stream().filter(e -> e.getKey().target().equals(shardId)).mapToLong(Map.Entry::getValue).sum();
        return OptionalLong.of(start.getAsLong() - out + in);
    }

    /** Rows moving from source to target, when known. */
    public OptionalLong rowsOf(ShardPair pair) {
        Long rows = rowsByPair.get(pair);
        return rows == null ? OptionalLong.empty() : OptionalLong.of(rows);
    }

    /** Rows moving in all, when known. */
    public OptionalLong totalMoving() {
        return basis == RowBasis.UNKNOWN ? OptionalLong.empty()
                : OptionalLong.of(rowsByPair.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Rows before on all shards of the before topology, when every one is known. */
    public OptionalLong totalBefore(List<String> shardIds) {
        long total = 0;
        for (String id : shardIds) {
            OptionalLong rows = rowsBefore(id);
            if (rows.isEmpty()) {
                return OptionalLong.empty();
            }
            total += rows.getAsLong();
        }
        return OptionalLong.of(total);
    }

    /** Share of all rows that moves, when both are known and there are rows. */
    public OptionalDouble movingFraction(List<String> shardIds) {
        OptionalLong moving = totalMoving();
        OptionalLong total = totalBefore(shardIds);
        if (moving.isEmpty() || total.isEmpty() || total.getAsLong() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) moving.getAsLong() / total.getAsLong());
    }

    /**
     * Rows in one moving arc: its pair's rows scaled by the arc's share of the pair. Exact when the pair
     * moves a single range, an approximation for the many small arcs of a hash ring.
     */
    public OptionalLong estimateFor(MoveArc arc) {
        OptionalLong pairRows = rowsOf(arc.pair());
        double pairShare = shareByPair.getOrDefault(arc.pair(), 0.0);
        if (pairRows.isEmpty() || pairShare == 0) {
            return pairRows;
        }
        return OptionalLong.of(Math.round(pairRows.getAsLong() * Math.min(1.0, arc.range().fraction() / pairShare)));
    }

    /** True when an arc's row estimate is the whole pair's estimate rather than a share of it. */
    public boolean isWholePair(MoveArc arc) {
        return Math.abs(shareByPair.getOrDefault(arc.pair(), 0.0) - arc.range().fraction()) < 1e-12;
    }
}
