package org.reshard.query;

import java.util.List;

/**
 * The tables a SELECT reads and what the topology says of them; {@link #NONE} for statements that run
 * unchanged (raw rows, unlocked writes), which read every chosen shard as found.
 */
record QueryTables(List<TableRef> refs) {

    static final QueryTables NONE = new QueryTables(List.of());

    QueryTables {
        refs = List.copyOf(refs);
    }

    List<TableRef> sharded() {
        return refs.stream().filter(TableRef::sharded).toList();
    }

    List<TableRef> undeclared() {
        return refs.stream().filter(r -> r.role() instanceof TableRef.Undeclared).toList();
    }

    /** True when every table is a reference table: any one shard holds the whole answer. */
    boolean referenceOnly() {
        return !refs.isEmpty() && refs.stream().allMatch(r -> r.role() instanceof TableRef.Reference);
    }
}
