package org.reshard.query;

import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.schema.Column;

/** Which sharded table's shard key a column reference names, if any. */
final class ShardKeyColumns {

    private ShardKeyColumns() {
    }

    /**
     * The table whose shard key the column is: qualified by that table's alias or name, or unqualified when
     * exactly one sharded table has a shard key of that name (in valid SQL it is then that table's column,
     * since the table has it and another table with the same column would make the name ambiguous).
     */
    static Optional<TableRef> tableOfKey(Column column, List<TableRef> refs) {
        List<TableRef> candidates = refs.stream()
                .filter(r -> r.role() instanceof TableRef.Sharded s && SqlNames.matches(column.getColumnName(), s.spec().shardKey()))
                .filter(r -> column.getTable() == null || column.getTable().getName() == null || r.isNamedBy(column.getTable()))
                .toList();
        return candidates.size() == 1 ? Optional.of(candidates.getFirst()) : Optional.empty();
    }

    /**
     * Like {@link #tableOfKey}, but an unqualified name several joined tables share as their shard key is
     * the column a {@code USING} join merged (valid SQL allows no other reading): it equals each of their
     * keys, so for pruning it stands for the first of them.
     */
    static Optional<TableRef> tableOfMergedKey(Column column, List<TableRef> refs) {
        Optional<TableRef> single = tableOfKey(column, refs);
        if (single.isPresent() || column.getTable() != null && column.getTable().getName() != null) {
            return single;
        }
        return refs.stream()
                .filter(r -> r.role() instanceof TableRef.Sharded s && SqlNames.matches(column.getColumnName(), s.spec().shardKey()))
                .findFirst();
    }
}
