package org.reshard.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.reshard.query.AggregateLayout.OrderTerm;

/**
 * Merges partial aggregates by group key in memory: one entry per group (its key, a representative shard
 * row for the per-group values, one accumulator per aggregate, and the distinct values of DISTINCT
 * aggregates). A shard's rows are folded in only once the shard has finished, so a shard that fails
 * contributes nothing to a partial result. Then HAVING, the output expressions, ORDER BY, DISTINCT and
 * the window run over the merged groups, their quoted literals typed first from the shards' column types.
 */
final class GroupMerge {

    /** One merged group. */
    private record Group(Object[] slots, Accumulator[] accumulators) {
    }

    /** One output row and its ORDER BY values. */
    private record Output(Object[] values, Object[] sortValues) {
    }

    private GroupMerge() {
    }

    static MergedRows merge(QueryPlan.Aggregate plan, List<ShardStream> streams, ActivitySignal signal, Semantics semantics)
            throws InterruptedException {
        AggregateLayout layout = plan.layout();
        Map<ValueKey, Group> groups = new LinkedHashMap<>();
        int[] keyColumns = IntStream.range(0, layout.keyCount()).toArray();
        Map<ShardStream, List<Object[]>> pending = new HashMap<>();
        Set<ShardStream> open = new HashSet<>(streams);
        while (!open.isEmpty()) {
            boolean progressed = false;
            for (ShardStream stream : List.copyOf(open)) {
                Object[] row;
                while ((row = stream.poll()) != null) {
                    pending.computeIfAbsent(stream, s -> new ArrayList<>()).add(row);
                    progressed = true;
                }
                if (stream.exhausted()) {
                    List<Object[]> rows = pending.remove(stream);
                    if (!stream.failed() && rows != null) {
                        rows.forEach(r -> fold(groups, r, keyColumns, layout, semantics));
                    }
                    open.remove(stream);
                    progressed = true;
                }
            }
            if (!progressed) {
                signal.await(50);
            }
        }
        if (!layout.grouped() && groups.isEmpty()) {
            groups.put(ValueKey.of(List.of()), newGroup(new Object[layout.slotCount()], layout, semantics));
        }
        List<ResultColumn> shardColumns = RowMerge.visibleColumns(streams, 0);
        // Without a shard's columns every shard failed before answering: the result is their errors, not rows computed from nothing.
        List<List<Object>> rows = shardColumns.isEmpty() ? List.of() : outputs(plan, groups.values(), shardColumns, semantics);
        return new MergedRows(columns(layout, shardColumns, rows), rows);
    }

    private static void fold(Map<ValueKey, Group> groups, Object[] row, int[] keyColumns, AggregateLayout layout, Semantics semantics) {
        Group group = groups.computeIfAbsent(ValueKey.of(row, keyColumns), k -> newGroup(row, layout, semantics));
        for (Accumulator accumulator : group.accumulators()) {
            accumulator.add(row);
        }
    }

    private static Group newGroup(Object[] row, AggregateLayout layout, Semantics semantics) {
        Accumulator[] accumulators = layout.aggregates().stream().map(a -> a.newAccumulator(semantics)).toArray(Accumulator[]::new);
        return new Group(row, accumulators);
    }

    private static List<List<Object>> outputs(QueryPlan.Aggregate plan, Iterable<Group> groups, List<ResultColumn> shardColumns,
                                              Semantics semantics) {
        AggregateLayout layout = plan.layout();
        LiteralTyping typing = LiteralTyping.of(semantics, shardColumns, layout.aggregates());
        Optional<OutputExpression> having = layout.having().map(typing::bindCondition);
        List<OutputExpression> outputTerms = layout.outputs().stream().map(o -> typing.bind(o.expression())).toList();
        List<OutputExpression> sortTerms = layout.order().stream().map(o -> typing.bind(o.expression())).toList();
        List<Output> outputs = new ArrayList<>();
        try {
            for (Group group : groups) {
                Object[] aggregates = Arrays.stream(group.accumulators()).map(Accumulator::result).toArray();
                Object[] slots = group.slots();
                if (having.isPresent() && !Boolean.TRUE.equals(ScalarFunctions.truth(having.get().evaluate(slots, aggregates, semantics)))) {
                    continue;
                }
                Object[] values = outputTerms.stream().map(o -> o.evaluate(slots, aggregates, semantics)).toArray();
                Object[] sortValues = sortTerms.stream().map(o -> o.evaluate(slots, aggregates, semantics)).toArray();
                outputs.add(new Output(values, sortValues));
            }
        } catch (ArithmeticException e) {
            throw new MergeFailure(QueryErrors.mergeFailed(e.getMessage()));
        }
        outputs.sort(order(layout.order()));
        Set<ValueKey> seen = new HashSet<>();
        List<List<Object>> rows = new ArrayList<>();
        long skipped = 0;
        for (Output output : outputs) {
            if (plan.window().isFull(rows.size())) {
                break;
            }
            if (layout.distinct() && !seen.add(ValueKey.of(Arrays.asList(output.values())))) {
                continue;
            }
            if (skipped < plan.window().offset()) {
                skipped++;
                continue;
            }
            rows.add(MergedRows.row(output.values(), output.values().length));
        }
        return rows;
    }

    private static Comparator<Output> order(List<OrderTerm> terms) {
        List<SortKey> keys = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            keys.add(new SortKey(i, terms.get(i).ascending(), terms.get(i).nullsFirst()));
        }
        Comparator<Object[]> rows = SortKey.comparator(keys);
        return (a, b) -> rows.compare(a.sortValues(), b.sortValues());
    }

    /** Names from the statement; a per-group value keeps the shard's column type, a computed one the type of its first non-null value. */
    private static List<ResultColumn> columns(AggregateLayout layout, List<ResultColumn> shardColumns, List<List<Object>> rows) {
        List<ResultColumn> columns = new ArrayList<>();
        for (int i = 0; i < layout.outputs().size(); i++) {
            AggregateLayout.OutputColumn output = layout.outputs().get(i);
            if (output.expression() instanceof OutputExpression.Slot slot && slot.index() < shardColumns.size()) {
                ResultColumn shard = shardColumns.get(slot.index());
                columns.add(new ResultColumn(output.name(), shard.type(), shard.databaseType()));
            } else {
                int column = i;
                ValueType type = rows.stream().map(r -> r.get(column)).filter(Objects::nonNull).findFirst()
                        .map(ValueType::of).orElse(ValueType.OTHER);
                columns.add(new ResultColumn(output.name(), type, "computed"));
            }
        }
        return columns;
    }
}
