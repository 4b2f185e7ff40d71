package org.reshard.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reshard.shard.KeyValues;
import org.reshard.shard.ShardPools;
import org.reshard.shard.SqlDialect;
import org.reshard.topology.RoutingHash;

/**
 * Applies a source shard's captured changes to the targets. For each changed key it takes the row as the last change
 * carried it (logical decoding sends whole rows), or re-reads the current source row where the change carried only
 * the key (triggers, an unchanged TOASTed value), and upserts it where it belongs, or deletes it from the targets it
 * left; so applying a batch twice converges on the source's state. Changes are acknowledged to their feed (deleted
 * from the changelog, or confirmed to the replication slot) only after the targets committed.
 */
public final class ChangeApplier {

    private final ShardPools pools;
    private final SourceCapture capture;
    private final SqlDialect dialect;
    private final Map<String, List<ChangeRoute>> routesByTable = new LinkedHashMap<>();
    private final Map<String, TableRows> rowsByTable = new LinkedHashMap<>();

    /** What to do after a TRUNCATE of a source table was applied: copy again what the source received as a target. */
    @FunctionalInterface
    public interface TruncateFollower {
        void truncated(String table) throws SQLException;
    }

    private final TruncateFollower truncateFollower;

    public ChangeApplier(ShardPools pools, SourceCapture capture, List<ChangeRoute> routes) {
        this(pools, capture, routes, table -> { });
    }

    public ChangeApplier(ShardPools pools, SourceCapture capture, List<ChangeRoute> routes, TruncateFollower truncateFollower) {
        this.truncateFollower = truncateFollower;
        this.pools = pools;
        this.capture = capture;
        this.dialect = pools.dialect(capture.shard());
        for (CapturedTable table : capture.tables()) {
            rowsByTable.put(table.name(), new TableRows(dialect, table.schema(), table.spec().shardKey()));
        }
        routes.forEach(r -> routesByTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r));
    }

    /** A changed key, the routes whose ranges its shard key was in when it changed, and its row after the last of those changes. */
    private static final class PendingKey {
        final List<Object> key;
        final Set<ChangeRoute> touched = new LinkedHashSet<>();
        CapturedChange.RowAfter after = CapturedChange.NOT_CARRIED;

        PendingKey(List<Object> key) {
            this.key = key;
        }
    }

    /**
     * Applies up to {@code limit} changes; returns {@link AppliedChanges#NONE} when none were waiting. A TRUNCATE
     * among them first applies the changes before it, then empties the table's moving ranges on every target.
     */
    public AppliedChanges applyNext(int limit) throws SQLException {
        ChangeFeed feed = capture.feed();
        ChangeRead read = feed.read(limit);
        if (read.isEmpty()) {
            feed.acknowledge(read);
            return AppliedChanges.NONE;
        }
        AppliedChanges applied = new AppliedChanges(read.changes().size(), Map.of());
        Map<String, Map<String, PendingKey>> pending = new LinkedHashMap<>();
        try (SourceReads source = new SourceReads(read.transactions())) {
            for (CapturedChange change : read.changes()) {
                switch (change) {
                    case CapturedChange.RowChanged row -> collect(pending, row);
                    case CapturedChange.TableEmptied emptied -> {
                        applied = applied.plus(write(changesOf(source, pending)));
                        pending.clear();
                        applied = applied.plus(empty(emptied.table()));
                        truncateFollower.truncated(emptied.table());
                    }
                }
            }
            applied = applied.plus(write(changesOf(source, pending)));
        }
        feed.acknowledge(read);
        return applied;
    }

    /** The pending keys' current rows, table by table in the capture's order (parents first). */
    private List<TableChanges> changesOf(SourceReads source, Map<String, Map<String, PendingKey>> pending) throws SQLException {
        List<TableChanges> changes = new ArrayList<>();
        // The capture's tables come parents first (by foreign keys): rows are upserted in that order and deleted in the reverse.
        for (CapturedTable table : capture.tables()) {
            Map<String, PendingKey> keys = pending.get(table.name());
            if (keys != null) {
                changes.add(changesOf(source, table.name(), keys));
            }
        }
        return changes;
    }

    /** A source table was truncated: its rows in the moving ranges go from every target, as replica (no cascades). */
    private AppliedChanges empty(String table) throws SQLException {
        Map<ChangeRoute, Integer> deleted = new LinkedHashMap<>();
        for (ChangeRoute route : routesByTable.getOrDefault(table, List.of())) {
            SqlDialect target = pools.dialect(route.targetShard());
            try (Connection c = pools.connect(route.targetShard()).orElseThrow()) {
                c.setAutoCommit(false);
                try (java.sql.Statement s = c.createStatement()) {
                    execute(c, target.rowWriteSettings());
                    for (CaptureSql fence : fencesInTheWay(c, route.targetShard())) {
                        execute(c, fence.bypassFence(table, true));
                    }
                    deleted.merge(route, s.executeUpdate("DELETE FROM " + target.quote(table) + " WHERE "
                            + target.inRanges(target.quote(rowsByTable.get(table).shardKeyColumn()), route.ranges())), Integer::sum);
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw new SQLException("emptying the moving ranges of table " + table + " on shard " + route.targetShard()
                            + " after a TRUNCATE on shard " + capture.shard() + " failed: " + e.getMessage(), e.getSQLState(), e);
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
        return new AppliedChanges(0, deleted);
    }

    /**
     * Keeps changes whose shard key was in a moving range; any later move into a range is logged by its own
     * change. The key's JSON is parsed only for those: a target that is also a source logs every row copied
     * into it, and those are skipped here by the thousand. A change whose earlier shard key is unknown touches
     * every route of its table.
     */
    private void collect(Map<String, Map<String, PendingKey>> pending, CapturedChange.RowChanged change) {
        List<ChangeRoute> routes = routesByTable.get(change.table());
        if (routes == null || (change.shardKey() == null && !change.anyRoute())) {
            return;
        }
        List<ChangeRoute> touched;
        if (change.anyRoute()) {
            touched = routes;
        } else {
            long hash = RoutingHash.hash(change.shardKey());
            touched = routes.stream().filter(r -> r.covers(hash)).toList();
        }
        if (touched.isEmpty()) {
            return;
        }
        List<Object> key = KeyValues.fromJson(dialect, KeyValues.parse(change.keyJson()));
        PendingKey known = pending.computeIfAbsent(change.table(), t -> new LinkedHashMap<>())
                .computeIfAbsent(KeyValues.canonical(key), k -> new PendingKey(key));
        known.touched.addAll(touched);
        known.after = change.after();
    }

    /** One table's part of an apply batch: rows to upsert and keys to delete, by route. */
    private record TableChanges(String table, TableRows rows, Map<ChangeRoute, List<List<Object>>> upserts,
                                Map<ChangeRoute, List<List<Object>>> deletes) {
    }

    private TableChanges changesOf(SourceReads source, String table, Map<String, PendingKey> keys) throws SQLException {
        // Source and target of a step share a dialect (a pre-flight rule), so one TableRows serves both.
        TableRows rows = rowsByTable.get(table);
        Map<String, List<Object>> current = source.rows(rows, keys.values().stream()
                .filter(k -> k.after instanceof CapturedChange.NotCarried).map(k -> k.key).toList());
        Map<ChangeRoute, List<List<Object>>> upserts = new LinkedHashMap<>();
        Map<ChangeRoute, List<List<Object>>> deletes = new LinkedHashMap<>();
        for (var entry : keys.entrySet()) {
            List<Object> row = switch (entry.getValue().after) {
                case CapturedChange.Row carried -> carried.values();
                case CapturedChange.Gone gone -> null;
                case CapturedChange.NotCarried notCarried -> current.get(entry.getKey());
            };
            ChangeRoute owner = row == null ? null : ownerOf(table, rows.shardKeyText(row));
            if (owner != null) {
                upserts.computeIfAbsent(owner, r -> new ArrayList<>()).add(row);
            }
            for (ChangeRoute route : entry.getValue().touched) {
                if (!route.equals(owner)) {
                    deletes.computeIfAbsent(route, r -> new ArrayList<>()).add(entry.getValue().key);
                }
            }
        }
        return new TableChanges(table, rows, upserts, deletes);
    }

    /**
     * The source, for re-reading rows the changes did not carry: connected on first use, once the read's transactions
     * are visible there ({@link SourceVisibility}). A batch whose changes carried every row never touches the source.
     */
    private final class SourceReads implements AutoCloseable {
        private final List<Long> transactions;
        private Connection connection;

        SourceReads(List<Long> transactions) {
            this.transactions = transactions;
        }

        Map<String, List<Object>> rows(TableRows rows, List<List<Object>> keys) throws SQLException {
            if (keys.isEmpty()) {
                return Map.of();
            }
            if (connection == null) {
                connection = capture.connect();
                SourceVisibility.await(connection, transactions, capture.shard());
            }
            return rows.readByKeys(connection, keys);
        }

        @Override
        public void close() throws SQLException {
            if (connection != null) {
                connection.close();
            }
        }
    }

    /**
     * Writes a batch's changes, one transaction per target shard: upserts table by table, parents first, then
     * deletes, children first, so a target never commits a child whose parent is not there yet or already gone
     * (as far as the source showed it). On PostgreSQL the transaction runs as a replica: the target's own
     * triggers (an {@code updated_at} trigger would rewrite the copied value) and foreign-key checks stay quiet.
     */
    private AppliedChanges write(List<TableChanges> changes) throws SQLException {
        Map<ChangeRoute, Integer> written = new LinkedHashMap<>();
        Set<String> targets = new LinkedHashSet<>();
        for (TableChanges table : changes) {
            table.upserts().keySet().forEach(r -> targets.add(r.targetShard()));
            table.deletes().keySet().forEach(r -> targets.add(r.targetShard()));
        }
        for (String target : targets) {
            try (Connection c = pools.connect(target).orElseThrow()) {
                c.setAutoCommit(false);
                String table = null;
                try {
                    execute(c, pools.dialect(target).rowWriteSettings());
                    List<CaptureSql> bypassed = fencesInTheWay(c, target);
                    for (TableChanges t : changes) {
                        table = t.table();
                        for (CaptureSql fence : bypassed) {
                            execute(c, fence.bypassFence(table, true));
                        }
                        for (var u : t.upserts().entrySet()) {
                            if (u.getKey().targetShard().equals(target)) {
                                written.merge(u.getKey(), t.rows().upsert(c, u.getValue()), Integer::sum);
                                for (CaptureSql fence : bypassed) {
                                    // Only the other kind's fence guards these rows as copies: forward changes land where a
                                    // switch back's fences are, reverse ones where the cutover's are; a shard's own fence of the
                                    // same kind guards other ranges, whose keys must not be blocked.
                                    if (fence.kind() != capture.kind()) {
                                        fence.rememberMovedKeys(c, table, u.getValue().stream().map(t.rows()::shardKeyText).toList());
                                    }
                                }
                            }
                        }
                    }
                    for (TableChanges t : changes.reversed()) {
                        table = t.table();
                        for (var d : t.deletes().entrySet()) {
                            if (d.getKey().targetShard().equals(target)) {
                                written.merge(d.getKey(), t.rows().deleteInRanges(c, d.getValue(), d.getKey().ranges()), Integer::sum);
                            }
                        }
                        for (CaptureSql fence : bypassed) {
                            execute(c, fence.bypassFence(table, false));
                        }
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw new SQLException("applying changes of table " + table + " to shard " + target + " failed: " + e.getMessage(), e);
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
        return new AppliedChanges(0, written);
    }

    /**
     * The fences on the shard written to that could block these writes — of either kind: forward changes land on
     * a target that may carry a switch-back's fences, reverse changes on a source that carries the cutover's.
     */
    private List<CaptureSql> fencesInTheWay(Connection c, String shard) throws SQLException {
        List<CaptureSql> found = new java.util.ArrayList<>();
        for (CaptureKind kind : CaptureKind.values()) {
            CaptureSql fence = CaptureSql.of(pools.dialect(shard), kind);
            if (fence.fenceMayBlockIncoming(c)) {
                found.add(fence);
            }
        }
        return found;
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (java.sql.Statement s = connection.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private ChangeRoute ownerOf(String table, String shardKeyText) {
        if (shardKeyText == null) {
            return null;
        }
        long hash = RoutingHash.hash(shardKeyText);
        return routesByTable.get(table).stream().filter(r -> r.covers(hash)).findFirst().orElse(null);
    }

    /**
     * Applies changes until every change committed before this call is applied, or the deadline passes; returns what
     * was applied. The cutover calls it once writes are fenced.
     */
    public AppliedChanges drain(int batch, long deadlineNanos) throws SQLException {
        capture.feed().syncPoint(deadlineNanos);
        AppliedChanges total = AppliedChanges.NONE;
        while (System.nanoTime() < deadlineNanos) {
            AppliedChanges next = applyNext(batch);
            if (next.changes() == 0) {
                break;
            }
            total = total.plus(next);
        }
        return total;
    }
}
