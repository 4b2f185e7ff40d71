package org.reshard.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.reshard.topology.Topology;

/**
 * Reads the tables of a SELECT's FROM clause against the topology and refuses joins that each shard cannot
 * answer for its own rows. A join runs per shard when every sharded table is joined to the others on equal
 * shard keys (co-location: matching rows share an owner) and no reference table is on the kept side of an
 * outer join whose other side is sharded (each shard would add the unmatched reference rows once more).
 */
final class FromTables {

    private FromTables() {
    }

    static QueryTables read(PlainSelect select, Topology topology) {
        List<TableRef> refs = new ArrayList<>();
        refs.add(ref(select.getFromItem(), topology));
        List<Join> joins = select.getJoins() == null ? List.of() : select.getJoins();
        for (Join join : joins) {
            refs.add(ref(join.getRightItem(), topology));
        }
        if (joins.isEmpty()) {
            return new QueryTables(refs);
        }
        for (TableRef ref : refs) {
            if (ref.role() instanceof TableRef.Undeclared) {
                throw new Refusal(QueryErrors.unsupported("JOIN with " + ref.name(), "topology " + topology.name()
                                + " does not declare " + ref.name() + ", so reshard cannot tell whether its rows are spread over the shards or held by each",
                        "declare it in the topology file under tables (with its shardKey) or referenceTables"));
            }
        }
        checkOuterJoins(refs, joins);
        checkCoLocation(refs, joins, select.getWhere());
        return new QueryTables(refs);
    }

    private static TableRef ref(FromItem item, Topology topology) {
        if (!(item instanceof Table table)) {
            throw new Refusal(QueryErrors.unsupported("FROM " + item, "reshard merges queries over tables only",
                    "join tables directly, or use --raw for per-shard rows"));
        }
        String name = SqlNames.unquote(table.getName());
        String referenceName = table.getAlias() != null ? table.getAlias().getName() : table.getName();
        TableRef.Role role = topology.tables().stream().filter(t -> SqlNames.matches(table.getName(), t.name())).findFirst()
                .<TableRef.Role>map(TableRef.Sharded::new)
                .or(() -> topology.referenceTables().stream().filter(t -> SqlNames.matches(table.getName(), t.name())).findFirst()
                        .map(TableRef.Reference::new))
                .orElseGet(TableRef.Undeclared::new);
        if (name.isEmpty()) {
            throw new IllegalStateException("a table without a name: " + table);
        }
        return new TableRef(table, referenceName, role);
    }

    /** Walks the joins left to right, knowing whether the rows so far are spread over the shards or the same on each. */
    private static void checkOuterJoins(List<TableRef> refs, List<Join> joins) {
        boolean leftSpread = refs.getFirst().sharded();
        for (int i = 0; i < joins.size(); i++) {
            Join join = joins.get(i);
            TableRef right = refs.get(i + 1);
            boolean rightSpread = right.sharded();
            boolean keptReplicated = join.isFull() ? leftSpread != rightSpread
                    : join.isLeft() ? !leftSpread && rightSpread
                    : join.isRight() && leftSpread && !rightSpread;
            if (keptReplicated) {
                String references = String.join(", ", refs.subList(0, i + 2).stream().filter(r -> r.role() instanceof TableRef.Reference)
                        .map(TableRef::name).distinct().toList());
                throw new Refusal(QueryErrors.unsupported(joinText(join), "the rows of the reference table " + references
                                + " that match nothing would come back once from every shard",
                        "join the sharded table first (sharded LEFT JOIN reference), or use an inner join"));
            }
            leftSpread |= rightSpread;
        }
    }

    private static void checkCoLocation(List<TableRef> refs, List<Join> joins, Expression where) {
        List<TableRef> sharded = refs.stream().filter(TableRef::sharded).toList();
        if (sharded.size() < 2) {
            return;
        }
        Map<TableRef, TableRef> parent = new HashMap<>();
        sharded.forEach(r -> parent.put(r, r));
        for (Expression condition : Conjuncts.of(where)) {
            joinOnKeys(condition, refs, null).ifPresent(pair -> union(parent, pair.get(0), pair.get(1)));
        }
        for (int i = 0; i < joins.size(); i++) {
            Join join = joins.get(i);
            TableRef right = refs.get(i + 1);
            for (Expression on : join.getOnExpressions()) {
                for (Expression condition : Conjuncts.of(on)) {
                    joinOnKeys(condition, refs, right).ifPresent(pair -> union(parent, pair.get(0), pair.get(1)));
                }
            }
            if (join.getUsingColumns() != null && right.role() instanceof TableRef.Sharded r) {
                for (Column using : join.getUsingColumns()) {
                    if (!SqlNames.matches(using.getColumnName(), r.spec().shardKey())) {
                        continue;
                    }
                    refs.subList(0, i + 1).stream()
                            .filter(left -> left.role() instanceof TableRef.Sharded l && SqlNames.matches(using.getColumnName(), l.spec().shardKey()))
                            .forEach(left -> union(parent, left, right));
                }
            }
        }
        TableRef root = find(parent, sharded.getFirst());
        for (TableRef table : sharded) {
            if (find(parent, table) != root) {
                throw new Refusal(QueryErrors.unsupported("JOIN of " + sharded.getFirst().referenceName() + " and " + table.referenceName(),
                        "they are not joined on equal shard keys (" + describeKey(sharded.getFirst()) + " = " + describeKey(table)
                                + "), so matching rows may live on different shards",
                        "join on the shard keys, declare one of them as a reference table, or query them separately"));
            }
        }
    }

    /**
     * The two sharded tables an equality of their shard keys joins; in an ON clause it counts only when one
     * side is the joined table, since there it constrains that join and no other.
     */
    private static java.util.Optional<List<TableRef>> joinOnKeys(Expression condition, List<TableRef> refs, TableRef joined) {
        if (!(condition instanceof EqualsTo equals) || !(equals.getLeftExpression() instanceof Column left)
                || !(equals.getRightExpression() instanceof Column right)) {
            return java.util.Optional.empty();
        }
        java.util.Optional<TableRef> a = ShardKeyColumns.tableOfKey(left, refs);
        java.util.Optional<TableRef> b = ShardKeyColumns.tableOfKey(right, refs);
        if (a.isEmpty() || b.isEmpty() || a.get() == b.get() || joined != null && a.get() != joined && b.get() != joined) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(List.of(a.get(), b.get()));
    }

    private static void union(Map<TableRef, TableRef> parent, TableRef a, TableRef b) {
        parent.put(find(parent, a), find(parent, b));
    }

    private static TableRef find(Map<TableRef, TableRef> parent, TableRef table) {
        TableRef at = table;
        while (parent.get(at) != at) {
            at = parent.get(at);
        }
        return at;
    }

    private static String describeKey(TableRef table) {
        return table.referenceName() + "." + ((TableRef.Sharded) table.role()).spec().shardKey();
    }

    private static String joinText(Join join) {
        String text = join.toString();
        return text.length() > 120 ? text.substring(0, 117) + "…" : text;
    }
}
