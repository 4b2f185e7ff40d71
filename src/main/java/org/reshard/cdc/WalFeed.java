package org.reshard.cdc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Logical capture: a replication slot and a publication for the operation's tables on the source, decoded with
 * pgoutput and read in rounds from a plain session ({@link SlotPeek}), so applications' writes pay nothing: no trigger,
 * and no WAL sender for their commits to wake. The slot is created before the copy reads a row: every transaction that
 * commits after that point is in the stream, and everything before it is in the copy.
 * Each change carries its row after it (whole, in {@code ::text} forms), except where an update left a TOASTed value
 * unchanged: the applier reads that row on the source, once its transaction is visible there ({@link SourceVisibility}).
 * The slot is advanced only past transactions that are applied, so a crash anywhere re-reads from the slot and loses
 * nothing.
 */
final class WalFeed implements ChangeFeed {

    /** Prefix of reshard's own messages in the stream: sync points and lag probes. */
    private static final String MARKER_PREFIX = "reshard";
    private static final long PROBE_INTERVAL_NANOS = 200_000_000L;
    /** How often the slot is read when nothing asks sooner (a sync point, or a peek that stopped at its size). */
    private static final long PEEK_INTERVAL_NANOS = 200_000_000L;
    /**
     * A peek asks for this many messages (it returns whole transactions, so a large one comes whole). Every peek decodes
     * the WAL again from the slot's restart point, up to 15 s of writes behind its position (PostgreSQL moves it on at
     * its running-transactions records), so a backlog is read in large peeks, through the cursor a read at a time.
     */
    static final int PEEK_MESSAGES = 100_000;
    /** The slot is advanced at least this often while changes are applied, so its retained WAL stays small. */
    private static final long ADVANCE_INTERVAL_NANOS = 1_000_000_000L;
    /** The longest a read with nothing to return waits for its next peek. */
    private static final long IDLE_WAIT_MILLIS = 20;

    private final String shard;
    private final String slot;
    private final List<CapturedTable> tables;
    private final Supplier<Connection> connect;
    private final SlotPeek peek;
    private final int peekMessages;
    private final Map<Integer, RelationColumns> relations = new HashMap<>();
    /** By type oid: how a column's output text becomes its {@code ::text} form (type oids do not change while the server runs). */
    private final Map<Integer, TextCastForm> forms = new HashMap<>();
    /**
     * Every transaction that ended before this position is applied (the state file's, or acknowledged since): the next
     * peek starts here, the slot first advanced to it.
     */
    private long appliedUpTo;
    /** When the slot is next advanced without a peek, so the server may let go of the WAL behind it. */
    private long nextAdvanceAt;
    /** From a sync point until a read comes back empty after it: every acknowledgement advances the slot at once. */
    private boolean draining;
    private long nextPeekAt;
    /** The transaction whose changes a read stopped in: the next read continues it. */
    private Long openTransaction;
    private String syncToken;
    private long syncDeadline;
    private String probeToken;
    private long probeSentAt;
    /** When the newest marker that came back was written: the stream has delivered everything before it. */
    private long readUpTo = System.nanoTime();
    private long lastRead;
    private boolean lastReadFull;
    /**
     * The last read until it is acknowledged. A peek's cursor does not give back what it delivered (only a new peek
     * starts again from the slot's position), so a read whose apply failed is served again from here.
     */
    private ChangeRead unacknowledged;
    /** Changes not from the stream, read first: the rows of a partition attached during the operation. */
    private final java.util.ArrayDeque<CapturedChange> queued = new java.util.ArrayDeque<>();

    /** Opens a session of its own to the source, not pooled: it holds a peek's cursor from one read to the next. */
    @FunctionalInterface
    interface SessionConnector {
        Connection open() throws SQLException;
    }

    WalFeed(String shard, String slot, List<CapturedTable> tables, Supplier<Connection> connect, SessionConnector sessions, int peekMessages) {
        this.shard = shard;
        this.slot = slot;
        this.tables = tables;
        this.connect = connect;
        this.peek = new SlotPeek(shard, slot, connect, sessions);
        this.peekMessages = peekMessages;
    }

    @Override
    public CaptureMethod method() {
        return CaptureMethod.LOGICAL;
    }

    String slot() {
        return slot;
    }

    @Override
    public void install() throws SQLException {
        try (Connection c = connect.get()) {
            WalSlots.create(c, slot, tables.stream().map(CapturedTable::name).toList());
        }
    }

    /** True when the slot exists on the source. */
    @Override
    public boolean inPlace() throws SQLException {
        try (Connection c = connect.get()) {
            return WalSlots.slotExists(c, slot);
        }
    }

    @Override
    public void remove() throws SQLException {
        close();
        try (Connection c = connect.get()) {
            WalSlots.drop(c, slot);
        }
    }

    @Override
    public void startFrom(long lsn) {
        appliedUpTo = Math.max(appliedUpTo, lsn);
    }

    /**
     * Reads up to {@code limit} changes: queued ones first, then the current peek's cursor, then a new peek when one is
     * due (every 200 ms; at once while a sync point is awaited or the last peek stopped at its size). A new peek starts
     * where everything is applied, so it waits until this read's messages are acknowledged, except when they carried no
     * change (markers only): then it starts after them.
     */
    @Override
    public ChangeRead read(int limit) throws SQLException {
        if (unacknowledged != null) {
            return unacknowledged;
        }
        List<CapturedChange> changes = new ArrayList<>();
        while (!queued.isEmpty() && changes.size() < limit) {
            changes.add(queued.poll());
        }
        int fromQueue = changes.size();
        long position = 0;
        List<Long> transactions = new ArrayList<>();
        if (openTransaction != null) {
            transactions.add(openTransaction);
        }
        // Whether this read started a peek or took messages from one (also one a previous read began): a new peek would
        // serve them again until they are acknowledged.
        boolean tookFromSlot = false;
        try {
            while (changes.size() < limit) {
                if (!peek.reading()) {
                    if (tookFromSlot) {
                        if (!changes.isEmpty() || !awaitingSync()) {
                            break;
                        }
                        appliedUpTo = Math.max(appliedUpTo, position);
                        tookFromSlot = false;
                        pause(2);
                    }
                    if (!peekDue()) {
                        if (changes.isEmpty()) {
                            // Nothing to read before the next peek: wait a little, so a caller's loop of rounds does not spin.
                            pause(Math.max(0, Math.min(IDLE_WAIT_MILLIS, (nextPeekAt - System.nanoTime()) / 1_000_000)));
                        }
                        break;
                    }
                    peek.start(appliedUpTo, peekMessages, limit);
                    nextPeekAt = System.nanoTime() + PEEK_INTERVAL_NANOS;
                    tookFromSlot = true;
                }
                ByteBuffer buffer = peek.next();
                if (buffer == null) {
                    continue;
                }
                tookFromSlot = true;
                switch (PgOutputDecoder.decode(buffer)) {
                    case PgOutputMessage.Relation r -> relations.put(r.oid(), columnsOf(r));
                    case PgOutputMessage.RowChange row -> changesOf(row, changes);
                    case PgOutputMessage.Truncate t -> t.relationOids().stream().map(relations::get)
                            .filter(r -> r != null && r.table() != null)
                            .forEach(r -> changes.add(new CapturedChange.TableEmptied(r.table().name())));
                    case PgOutputMessage.Commit c -> {
                        position = c.endLsn();
                        openTransaction = null;
                    }
                    case PgOutputMessage.Marker m -> marker(m);
                    case PgOutputMessage.Begin b -> {
                        transactions.add(b.transactionId());
                        openTransaction = b.transactionId();
                    }
                    case PgOutputMessage.Other o -> {
                    }
                }
            }
        } catch (SQLException e) {
            // Nothing of this read is applied: its queued changes wait again, and the next peek serves the slot's part again.
            List<CapturedChange> requeued = new ArrayList<>(changes.subList(0, fromQueue));
            requeued.addAll(queued);
            queued.clear();
            queued.addAll(requeued);
            close();
            throw e;
        }
        lastRead = changes.size();
        lastReadFull = changes.size() >= limit;
        draining &= !changes.isEmpty() || syncToken != null;
        unacknowledged = new ChangeRead(changes, List.of(), position, transactions);
        return unacknowledged;
    }

    private boolean awaitingSync() {
        return syncToken != null && System.nanoTime() < syncDeadline;
    }

    private boolean peekDue() {
        return awaitingSync() || peek.wasCut() || System.nanoTime() >= nextPeekAt;
    }

    private void marker(PgOutputMessage.Marker marker) {
        if (!MARKER_PREFIX.equals(marker.prefix())) {
            return;
        }
        if (marker.content().equals(syncToken)) {
            syncToken = null;
        }
        if (marker.content().equals(probeToken)) {
            probeToken = null;
            readUpTo = Math.max(readUpTo, probeSentAt);
        }
    }

    private void changesOf(PgOutputMessage.RowChange row, List<CapturedChange> changes) {
        RelationColumns relation = relations.get(row.relationOid());
        if (relation == null || relation.table() == null) {
            return;
        }
        String table = relation.table().name();
        // The old row first: with REPLICA IDENTITY FULL an update sends it under the same key, and the new row must win.
        if (row.oldRow() != null) {
            String oldShardKey = relation.shardKey(row.oldRow());
            boolean unknown = oldShardKey == null && !relation.shardKeyInIdentity();
            changes.add(new CapturedChange.RowChanged(table, relation.keyJson(row.oldRow()), oldShardKey, unknown, CapturedChange.GONE));
        }
        if (row.newRow() != null) {
            // An update that did not send the old row changed neither the key nor, when it is an identity column, the shard key.
            boolean oldUnknown = row.kind() == 'U' && row.oldRow() == null && !relation.shardKeyInIdentity();
            changes.add(new CapturedChange.RowChanged(table, relation.keyJson(row.newRow()), relation.shardKey(row.newRow()), oldUnknown,
                    row.newRowWhole() ? relation.after(row.newRow()) : CapturedChange.NOT_CARRIED));
        }
    }

    /** Where a relation's columns are, and, for a captured table, their text forms, asked of the source once per type. */
    private RelationColumns columnsOf(PgOutputMessage.Relation relation) throws SQLException {
        CapturedTable table = tableOf(relation);
        if (table == null) {
            return RelationColumns.of(relation, null, new TextCastForm[0]);
        }
        List<Integer> unknown = relation.columns().stream().map(PgOutputMessage.Column::typeOid).filter(o -> !forms.containsKey(o)).distinct().toList();
        if (!unknown.isEmpty()) {
            try (Connection c = connect.get()) {
                forms.putAll(TextCastForm.ofTypes(c, unknown));
            }
        }
        return RelationColumns.of(relation, table,
                relation.columns().stream().map(c -> forms.getOrDefault(c.typeOid(), TextCastForm.SAME)).toArray(TextCastForm[]::new));
    }

    private CapturedTable tableOf(PgOutputMessage.Relation relation) {
        for (CapturedTable table : tables) {
            if (table.name().equals(relation.name()) || table.name().equals(relation.namespace() + "." + relation.name())) {
                return table;
            }
        }
        return null;
    }

    /** Queues changes for the next reads, ahead of the stream. */
    void enqueue(List<CapturedChange> changes) {
        queued.addAll(changes);
    }

    /**
     * Every transaction before the read's position is applied: the next peek starts there. The slot is advanced there
     * before that peek, or within a second: each advance decodes the WAL from the slot's restart point, so not one per
     * batch. In a drain (the cutover's) it is advanced at once: the new owners may take writes right after it, and a
     * run that resumed from a slot left behind would apply older rows over them.
     */
    @Override
    public void acknowledge(ChangeRead read) throws SQLException {
        if (read == unacknowledged) {
            unacknowledged = null;
        }
        appliedUpTo = Math.max(appliedUpTo, read.walPosition());
        if (draining || System.nanoTime() >= nextAdvanceAt) {
            peek.advance(appliedUpTo);
            nextAdvanceAt = System.nanoTime() + ADVANCE_INTERVAL_NANOS;
        }
    }

    /** The position before which every transaction is applied (the slot may still be behind it, by a second at most). */
    @Override
    public long confirmedPosition() {
        return Math.max(appliedUpTo, peek.confirmed());
    }

    /**
     * Writes a marker into the source's WAL in its own transaction and reads on until it arrives: every transaction
     * that committed before it comes first in the stream (decoding follows commit order).
     */
    @Override
    public void syncPoint(long deadlineNanos) throws SQLException {
        syncToken = emit();
        draining = true;
        syncDeadline = deadlineNanos;
    }

    /**
     * The lag is how long ago the newest marker that came back was written (until one comes back: since this feed was
     * made, so a stream that has not delivered anything yet is never taken for caught up). A probe is written every
     * 200 ms at most and comes back with the next peek when the feed is caught up. Pending is 1 while a sync point is
     * not reached, or the last read's count when it was full (there may be more).
     */
    @Override
    public ChangeBacklog backlog() throws SQLException {
        long now = System.nanoTime();
        if (probeToken == null && now - probeSentAt > PROBE_INTERVAL_NANOS) {
            probeToken = emit();
            probeSentAt = now;
        }
        long lagMs = (now - readUpTo) / 1_000_000;
        long pending = queued.size() + (syncToken != null ? Math.max(1, lastRead) : lastReadFull ? lastRead : 0);
        return new ChangeBacklog(pending, lagMs);
    }

    private String emit() throws SQLException {
        String token = UUID.randomUUID().toString();
        try (Connection c = connect.get(); PreparedStatement p = c.prepareStatement("SELECT pg_logical_emit_message(true, ?, ?)")) {
            p.setString(1, MARKER_PREFIX);
            p.setString(2, token);
            p.execute();
        }
        return token;
    }

    /** Ends the current peek and lets go of its session; the next read peeks again from the slot's position. */
    @Override
    public void close() {
        appliedUpTo = confirmedPosition();
        openTransaction = null;
        peek.close();
    }

    private static void pause(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the change stream", e);
        }
    }

    /**
     * Where a captured table's key, shard key and copied columns are in pgoutput's tuples of one relation, and how each
     * column's text becomes its {@code ::text} form. {@code copied[i]} is the tuple position of the applier's column i, -1 when
     * the relation lacks it.
     */
    private record RelationColumns(CapturedTable table, int[] key, int shardKey, boolean shardKeyInIdentity, TextCastForm[] forms, int[] copied) {

        static RelationColumns of(PgOutputMessage.Relation relation, CapturedTable table, TextCastForm[] forms) {
            if (table == null) {
                return new RelationColumns(null, new int[0], -1, false, forms, new int[0]);
            }
            List<String> names = relation.columns().stream().map(PgOutputMessage.Column::name).toList();
            int[] key = table.spec().primaryKey().stream().mapToInt(names::indexOf).toArray();
            int shardKey = names.indexOf(table.spec().shardKey());
            int[] copied = table.schema().copiedColumns().stream().mapToInt(c -> names.indexOf(c.name())).toArray();
            return new RelationColumns(table, key, shardKey, shardKey >= 0 && relation.columns().get(shardKey).key(), forms, copied);
        }

        String keyJson(List<String> row) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (int i : key) {
                array.add(value(row, i));
            }
            return array.toString();
        }

        String shardKey(List<String> row) {
            return value(row, shardKey);
        }

        /** The whole row in the applier's column order, or "not carried" when the relation lacks a copied column. */
        CapturedChange.RowAfter after(List<String> row) {
            List<Object> values = new ArrayList<>(copied.length);
            for (int i : copied) {
                if (i < 0 || i >= row.size()) {
                    return CapturedChange.NOT_CARRIED;
                }
                values.add(value(row, i));
            }
            return new CapturedChange.Row(values);
        }

        private String value(List<String> row, int i) {
            return i < 0 || i >= row.size() ? null : forms[i].of(row.get(i));
        }
    }
}
