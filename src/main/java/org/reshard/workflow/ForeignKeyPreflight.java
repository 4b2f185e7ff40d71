package org.reshard.workflow;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reshard.plan.PlanStep;
import org.reshard.shard.ForeignKey;
import org.reshard.shard.SqlDialect;
import org.reshard.topology.ReferenceTable;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;

/**
 * Pre-flight over the foreign keys of the operation's tables (read from the sources' catalogs):
 * <ul>
 *   <li>a key between two sharded tables must be co-located — the child's shard key references the
 *   parent's shard key (both tables share the topology's routing), so a child and its parent always live
 *   on one shard; otherwise the key cannot hold across shards and the operation is refused;</li>
 *   <li>two sharded tables tied by a key move together (refused when {@code --tables} leaves one out);</li>
 *   <li>tables the moving rows reference that are not sharded (lookup tables, and the topology's
 *   reference tables) must be on every target with their rows: a warning with the counts when not, because
 *   reshard writes without foreign-key checks and would leave rows referencing nothing;</li>
 *   <li>a table that is not sharded but references a moving table gets a warning: its rows cannot follow.</li>
 * </ul>
 */
final class ForeignKeyPreflight {

    private ForeignKeyPreflight() {
    }

    static void check(OperationContext context, List<String> problems, List<String> warnings) throws SQLException {
        Topology from = context.plan.from();
        Set<String> moving = new LinkedHashSet<>(context.plan.tables());
        Map<String, List<String>> lookups = new LinkedHashMap<>();
        for (ForeignKey key : context.foreignKeys()) {
            Optional<TableSpec> child = from.table(key.child());
            Optional<TableSpec> parent = from.table(key.parent());
            if (child.isPresent() && parent.isPresent()) {
                String parentKey = key.parentColumnFor(child.get().shardKey());
                if (!parent.get().shardKey().equals(parentKey)) {
                    problems.add("foreign key " + key.describe() + " joins two sharded tables but not on their shard keys: "
                            + key.child() + "." + child.get().shardKey() + " does not reference " + key.parent() + "." + parent.get().shardKey()
                            + ", so a " + key.child() + " row and the " + key.parent() + " row it references can belong to different"
                            + " shards and the key cannot hold across shards — make the shard key part of the foreign key (referencing "
                            + key.parent() + "'s shard key), or declare " + key.parent() + " a reference table");
                } else if (!moving.contains(key.child()) || !moving.contains(key.parent())) {
                    String left = moving.contains(key.child()) ? key.parent() : key.child();
                    problems.add("foreign key " + key.describe() + " ties " + left + " to the rows this operation moves, but " + left
                            + " is not part of it — move the tables of a foreign key together (add " + left + " to --tables)");
                }
            } else if (child.isPresent() && moving.contains(key.child())) {
                lookups.computeIfAbsent(key.parent(), t -> new ArrayList<>()).add(key.name() + " from " + key.child());
            } else if (parent.isPresent() && moving.contains(key.parent())) {
                warnings.add("table " + key.child() + " is not sharded but references sharded table " + key.parent() + " (foreign key "
                        + key.describe() + "): its rows stay where they are while the " + key.parent() + " rows they reference move"
                        + " — declare " + key.child() + " in the topology, or check its references after the move");
            }
        }
        Set<String> referenceTables = new LinkedHashSet<>();
        from.referenceTables().stream().map(ReferenceTable::name).forEach(referenceTables::add);
        context.plan.to().referenceTables().stream().map(ReferenceTable::name).forEach(referenceTables::add);
        referenceTables.forEach(t -> lookups.computeIfAbsent(t, x -> new ArrayList<>()).add("a reference table of the topology"));
        if (!lookups.isEmpty()) {
            lookupRows(context, lookups, warnings);
        }
    }

    /** Every lookup table on every target with as many rows as on the first source that has it. */
    private static void lookupRows(OperationContext context, Map<String, List<String>> lookups, List<String> warnings) throws SQLException {
        Set<String> targets = new LinkedHashSet<>();
        context.plan.steps().stream().map(PlanStep::targetShard).forEach(targets::add);
        Set<String> known = new LinkedHashSet<>(context.plan.from().tables().stream().map(TableSpec::name).toList());
        context.plan.from().referenceTables().forEach(r -> known.add(r.name()));
        context.plan.to().referenceTables().forEach(r -> known.add(r.name()));
        for (var lookup : lookups.entrySet()) {
            String table = lookup.getKey();
            String why = "table " + table + " (" + String.join("; ", lookup.getValue().stream()
                    .map(w -> w.startsWith("a reference") ? w : "referenced by foreign key " + w).toList()) + ")";
            String source = null;
            Long sourceRows = null;
            for (String s : context.sources()) {
                sourceRows = count(context, s, table, known.contains(table));
                if (sourceRows != null) {
                    source = s;
                    break;
                }
            }
            for (String target : targets) {
                Long rows = count(context, target, table, known.contains(table));
                if (rows == null) {
                    warnings.add(why + " does not exist on target shard " + target
                            + (source == null ? "" : " (shard " + source + " has " + sourceRows + " rows)")
                            + " — create it with its rows there before the move; rows arriving on " + target + " reference it");
                } else if (sourceRows != null && !rows.equals(sourceRows)) {
                    warnings.add(why + " has " + rows + " rows on target shard " + target + " but " + sourceRows + " on shard " + source
                            + " — copy its rows to " + target + " before the move; rows arriving there may reference missing ones");
                }
            }
        }
    }

    /** The table's row count on the shard, or null when it does not exist there. */
    private static Long count(OperationContext context, String shard, String table, boolean topologyName) throws SQLException {
        SqlDialect dialect = context.pools.dialect(shard);
        try (Connection c = context.connect(shard)) {
            // Names from a PostgreSQL catalog that the topology does not declare come as regclass text, already quoted.
            String sql = topologyName || dialect.name().equals("SQLite") ? dialect.quote(table) : table;
            if (topologyName || dialect.name().equals("SQLite")) {
                if (!dialect.tableExists(c, table)) {
                    return null;
                }
            } else if (!exists(c, table)) {
                return null;
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + sql)) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static boolean exists(Connection c, String regclassText) throws SQLException {
        try (var s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, regclassText);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }
}
