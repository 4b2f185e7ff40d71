package org.reshard.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.reshard.shard.ShardPools;

/**
 * Change capture and write fences on one source shard: installing and removing them (idempotently,
 * each in one transaction) and measuring the backlog of unapplied changes.
 */
public final class SourceCapture {

    private final ShardPools pools;
    private final String shard;
    private final List<CapturedTable> tables;
    private final CaptureSql sql;
    private final ChangeFeed feed;

    /** Forward capture on a source shard. */
    public SourceCapture(ShardPools pools, String shard, List<CapturedTable> tables) {
        this(pools, shard, tables, CaptureKind.FORWARD);
    }

    /** Capture of the given kind on a shard; each table's moving ranges are the ones this capture watches. */
    public SourceCapture(ShardPools pools, String shard, List<CapturedTable> tables, CaptureKind kind) {
        this.pools = pools;
        this.shard = shard;
        this.tables = List.copyOf(tables);
        this.sql = CaptureSql.of(pools.dialect(shard), kind);
        this.feed = new TriggerFeed(sql, this.tables, this::connect);
    }

    /** Forward capture on a PostgreSQL source from its write-ahead log, through the slot and publication named {@code slot}. */
    public SourceCapture(ShardPools pools, String shard, List<CapturedTable> tables, String slot) {
        this(pools, shard, tables, slot, WalFeed.PEEK_MESSAGES);
    }

    /** As above, with peeks of at most {@code peekMessages} messages (tests use small ones to cross their bounds). */
    SourceCapture(ShardPools pools, String shard, List<CapturedTable> tables, String slot, int peekMessages) {
        this.pools = pools;
        this.shard = shard;
        this.tables = List.copyOf(tables);
        this.sql = CaptureSql.of(pools.dialect(shard), CaptureKind.FORWARD);
        this.feed = new WalFeed(shard, slot, this.tables, this::connect, () -> pools.sessionConnection(shard), peekMessages);
    }

    public CaptureMethod method() {
        return feed.method();
    }

    /** Where changes come from; the applier reads them there. */
    ChangeFeed feed() {
        return feed;
    }

    /** Logical capture: the WAL position the server confirmed, or 0 (triggers, or nothing applied yet). */
    public long confirmedPosition() {
        return feed.confirmedPosition();
    }

    /** Logical capture: the next stream starts from this position (the state file's checkpoint after a restart). */
    public void startFrom(long position) {
        feed.startFrom(position);
    }

    /** False when logical capture's slot is missing from the source (triggers: always true). */
    public boolean captureInPlace() throws SQLException {
        return feed.inPlace();
    }

    /** Lets go of the change stream's connection, if one is open. */
    public void close() {
        feed.close();
    }

    public CaptureKind kind() {
        return sql.kind();
    }

    public String shard() {
        return shard;
    }

    public List<CapturedTable> tables() {
        return tables;
    }

    /** Starts change capture (triggers and changelog, or slot and publication); must run before the first row is copied. */
    public void install() throws SQLException {
        feed.install();
    }

    /** Stops change capture and removes its objects; harmless when they are already gone. */
    public void remove() throws SQLException {
        feed.remove();
    }

    /**
     * PostgreSQL: logs the moving rows of a partition attached to {@code table} during the operation, so the
     * applier moves the rows it held before capture saw it (later writes are captured). With logical capture they
     * are queued in memory for the next read: the caller applies them at once (see PartitionFollower).
     */
    public void logPartitionRows(String table, String partition) throws SQLException {
        if (sql instanceof PostgresCaptureSql postgres) {
            CapturedTable captured = tables.stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow();
            if (feed instanceof WalFeed wal) {
                List<CapturedChange> rows = new ArrayList<>();
                try (Connection c = connect(); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery(postgres.partitionKeys(captured, partition))) {
                    while (r.next()) {
                        rows.add(new CapturedChange.RowChanged(table, r.getString(1), r.getString(2), false, CapturedChange.NOT_CARRIED));
                    }
                }
                wal.enqueue(rows);
            } else {
                run(postgres.logPartitionRows(captured, partition));
            }
        }
    }

    /**
     * Rejects writes to the moving ranges (on SQLite: to the whole table until {@link #narrowFence}) for
     * {@code leaseFor}, measured on the shard's clock: unless {@link #commitFence} runs before then, the fences
     * let writes through again by themselves, so an orchestrator that dies in the write pause blocks writes
     * for no longer than that.
     */
    public void installFence(java.time.Duration leaseFor) throws SQLException {
        run(sql.leaseFence(Math.max(1, leaseFor.toMillis())));
        // One table per transaction (see remove()); every table is fenced before the last changes are applied.
        for (CapturedTable t : tables) {
            run(sql.installFence(t));
        }
    }

    /**
     * Commits the shard's fences to the publish: from now on they hold until cleanup removes them. False when
     * the lease had expired already, so writes may have passed the fences since the last changes were applied.
     */
    public boolean commitFence() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql.commitFence()) == 1;
        }
    }

    /** True when the shard's fences are committed to a publish (a lease exists and is marked committed). */
    public boolean fenceCommitted() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery(sql.fenceLeaseExists())) {
                if (!exists.next() || exists.getInt(1) == 0) {
                    return false;
                }
            }
            try (ResultSet r = s.executeQuery(sql.fenceCommitted())) {
                return r.next() && r.getInt(1) == 1;
            }
        }
    }

    /** After the last change is applied: keeps rejecting writes to moved keys only. */
    public void narrowFence() throws SQLException {
        for (CapturedTable t : tables) {
            run(sql.fenceMovedKeys(t));
        }
    }

    public void removeFence() throws SQLException {
        // One table per transaction, as in remove().
        for (CapturedTable t : tables) {
            run(sql.removeFence(t.name()));
        }
        run(sql.dropFenceTables());
    }

    /** What one cleanup batch did: rows deleted, and the last key it reached, where the next batch starts. */
    public record DeletedBatch(int deleted, List<Object> lastKey) {
    }

    /**
     * Deletes up to {@code limit} moved rows of a table past the fence, in one transaction, going through the
     * table in key order from after {@code after} (null: from the start), so no batch rescans rows an earlier
     * one passed. Rows in moved ranges written after cutover by a writer that ignored the registry (possible
     * on SQLite only) are left alone: {@link #moveLateRows} takes them to their owners. An empty batch
     * ({@code lastKey} null) means the table has no moved rows left after {@code after}.
     */
    public DeletedBatch deleteMovedRows(CapturedTable table, int limit, List<Object> after) throws SQLException {
        TableRows rows = new TableRows(sql.dialect(), table.schema(), table.spec().shardKey());
        String from = sql.quote(table.name());
        String slice = " FROM " + from + " WHERE " + sql.movedRows(table) + (after == null ? "" : " AND " + rows.keyCondition(">"));
        String select = "SELECT " + rows.keyList() + slice + " ORDER BY " + rows.keyList() + " LIMIT " + limit;
        try (Connection c = connect()) {
            try {
                return inTransaction(c, () -> {
                    // As a replica (PostgreSQL): the source's own delete triggers and foreign-key actions do not fire on rows that moved.
                    execute(c, sql.dialect().rowWriteSettings());
                    execute(c, sql.cleanupBatchSettings(true));
                    execute(c, sql.bypassFence(table.name(), true));
                    List<Object> last = null;
                    try (PreparedStatement keys = c.prepareStatement(select)) {
                        if (after != null) {
                            rows.bindKey(keys, 1, after);
                        }
                        try (ResultSet r = keys.executeQuery()) {
                            while (r.next()) {
                                last = rows.readKey(r);
                            }
                        }
                    }
                    int deleted = 0;
                    if (last != null) {
                        try (PreparedStatement delete = c.prepareStatement("DELETE" + slice + " AND " + rows.keyCondition("<="))) {
                            int next = after == null ? 1 : rows.bindKey(delete, 1, after);
                            rows.bindKey(delete, next, last);
                            deleted = delete.executeUpdate();
                        }
                    }
                    execute(c, sql.bypassFence(table.name(), false));
                    return new DeletedBatch(deleted, last);
                });
            } finally {
                execute(c, sql.cleanupBatchSettings(false));
            }
        }
    }

    /**
     * Moves rows written to moved ranges after cutover by writers still using the old topology (possible
     * on SQLite only, where the fence knows moved keys, not hash ranges) to their new owners — unless the
     * owner already has the key, whose version is newer — and deletes them here. Returns how many.
     */
    public int moveLateRows(CapturedTable table, List<ChangeRoute> routes, int limit) throws SQLException {
        TableRows rows = new TableRows(sql.dialect(), table.schema(), table.spec().shardKey());
        String select = "SELECT " + rows.selectList() + " FROM " + sql.quote(table.name()) + " WHERE " + sql.lateRows(table) + " LIMIT " + limit;
        List<List<Object>> late = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(select)) {
            while (r.next()) {
                late.add(rows.readRow(r));
            }
        }
        for (ChangeRoute route : routes) {
            List<List<Object>> owned = late.stream().filter(row -> rows.shardKeyText(row) != null
                    && route.covers(org.reshard.topology.RoutingHash.hash(rows.shardKeyText(row)))).toList();
            if (!owned.isEmpty()) {
                try (Connection target = pools.connect(route.targetShard()).orElseThrow()) {
                    rows.insertMissing(target, owned);
                }
            }
        }
        try (Connection c = connect()) {
            rows.deleteInRanges(c, late.stream().map(rows::keyOf).toList(), table.movingRanges());
        }
        return late.size();
    }

    public ChangeBacklog backlog() throws SQLException {
        return feed.backlog();
    }

    /**
     * Capture and fence objects reshard created that are still on the shard, one description each: triggers and
     * tables, and on PostgreSQL replication slots of its database and publications (other than this capture's own).
     */
    public List<String> leftovers() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql.leftoversQuery())) {
            while (r.next()) {
                found.add(r.getString(1));
            }
            if (sql instanceof PostgresCaptureSql) {
                found.addAll(WalSlots.leftovers(c, feed instanceof WalFeed wal ? wal.slot() : null));
            }
        }
        return found;
    }

    Connection connect() {
        return pools.connect(shard).orElseThrow();
    }

    CaptureSql sql() {
        return sql;
    }

    private void run(List<String> statements) throws SQLException {
        SqlRun.inTransaction(this::connect, statements);
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        // PostgreSQL has nothing to restore after a cleanup batch; no statement is opened for nothing.
        if (statements.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Work on a connection that may throw SQLException. */
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs the work in one transaction on the connection: committed when it returns, rolled back when it throws. */
    private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
