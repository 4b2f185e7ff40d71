package org.reshard.workflow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reshard.shard.ForeignKey;

/**
 * The order an operation writes its tables in, from their foreign keys: parents before children when rows
 * arrive (copy, apply), children before parents when rows leave (cleanup, rollback), so a shard never holds
 * a child without its parent between two of reshard's transactions.
 *
 * <p>Cycles (a → b → a, as in the DVD rental schema's store ↔ staff) have no such order; their tables keep
 * the operation's table order after everything outside the cycle they depend on. That is still correct:
 * on PostgreSQL reshard writes with {@code session_replication_role = replica}, which skips foreign-key
 * (RI) triggers, so no constraint is checked on rows reshard writes, in any order; on SQLite reshard's
 * connections do not turn {@code PRAGMA foreign_keys} on (pre-flight refuses a shard URL that does). Only
 * the "no child without its parent in between" promise is lost for the tables of a cycle. A key of a table
 * referencing itself is no edge: its rows are one table, written in key order.
 */
record TableOrder(List<String> parentsFirst, Set<String> inCycles) {

    TableOrder {
        parentsFirst = List.copyOf(parentsFirst);
        inCycles = Set.copyOf(inCycles);
    }

    /** Orders the tables (given in the operation's order) by the foreign keys among them; other keys are ignored. */
    static TableOrder of(List<String> tables, Collection<ForeignKey> keys) {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        tables.forEach(t -> parents.put(t, new LinkedHashSet<>()));
        for (ForeignKey key : keys) {
            if (parents.containsKey(key.child()) && parents.containsKey(key.parent()) && !key.child().equals(key.parent())) {
                parents.get(key.child()).add(key.parent());
            }
        }
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (String table : tables) {
                if (!placed.contains(table) && placed.containsAll(parents.get(table))) {
                    ordered.add(table);
                    placed.add(table);
                    progress = true;
                    break;
                }
            }
        }
        Set<String> cyclic = new LinkedHashSet<>();
        for (String table : tables) {
            if (!placed.contains(table)) {
                ordered.add(table);
                cyclic.add(table);
            }
        }
        return new TableOrder(ordered, cyclic);
    }

    /** The order of no foreign keys: the tables as given. */
    static TableOrder unordered(List<String> tables) {
        return new TableOrder(tables, Set.of());
    }

    List<String> childrenFirst() {
        return parentsFirst.reversed();
    }

    int rank(String table) {
        int at = parentsFirst.indexOf(table);
        return at < 0 ? parentsFirst.size() : at;
    }

    Comparator<String> parentsFirstComparator() {
        return Comparator.comparingInt(this::rank);
    }
}
