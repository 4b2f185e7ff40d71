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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Logical capture: a replication slot and a publication for the operation's tables on the source, read with pgoutput
 * through pgjdbc's replication API, so applications' writes pay nothing. The slot is created before the copy reads a
 * row: every transaction that commits after that point is in the stream, and everything before it is in the copy.
 * Each change carries its row after it (whole, in {@code ::text} forms), except where an update left a TOASTed value
 * unchanged: the applier reads that row on the source, once its transaction is visible there ({@link SourceVisibility}).
 * The server is told a position only once
 * the transactions before it are applied, so a crash anywhere re-reads from the slot and loses nothing.
 */
final class WalFeed implements ChangeFeed {

    /** Prefix of reshard's own messages in the stream: sync points and lag probes. */
    private static final String MARKER_PREFIX = "reshard";
    private static final long PROBE_INTERVAL_NANOS = 200_000_000L;

    private final String shard;
    private final String slot;
    private final List<CapturedTable> tables;
    private final Supplier<Connection> connect;
    private final ReplicationConnector replication;
    private final Map<Integer, RelationColumns> relations = new HashMap<>();
    /** By type oid: how a column's output text becomes its {@code ::text} form (type oids do not change while the server runs). */
    private final Map<Integer, TextCastForm> forms = new HashMap<>();
    private PGReplicationStream stream;
    private Connection streamConnection;
    private long startLsn;
    private String syncToken;
    private long syncDeadline;
    private String probeToken;
    private long probeSentAt;
    /** When the newest marker that came back was written: the stream has delivered everything before it. */
    private long readUpTo = System.nanoTime();
    private long lastRead;
    private boolean lastReadFull;
    /**
     * The last read until it is acknowledged. The stream does not give back what it delivered (only a new connection
     * starts again from the slot's confirmed position), so a read whose apply failed is served again from here.
     */
    private ChangeRead unacknowledged;
    /** Changes not from the stream, read first: the rows of a partition attached during the operation. */
    private final java.util.ArrayDeque<CapturedChange> queued = new java.util.ArrayDeque<>();

    /** Opens a replication connection to the source (pgjdbc's {@code replication=database}). */
    @FunctionalInterface
    interface ReplicationConnector {
        Connection open() throws SQLException;
    }

    WalFeed(String shard, String slot, List<CapturedTable> tables, Supplier<Connection> connect, ReplicationConnector replication) {
        this.shard = shard;
        this.slot = slot;
        this.tables = tables;
        this.connect = connect;
        this.replication = replication;
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
        startLsn = lsn;
    }

    @Override
    public ChangeRead read(int limit) throws SQLException {
        PGReplicationStream open = stream();
        if (unacknowledged != null) {
            return unacknowledged;
        }
        List<CapturedChange> changes = new ArrayList<>();
        while (!queued.isEmpty() && changes.size() < limit) {
            changes.add(queued.poll());
        }
        long position = 0;
        List<Long> transactions = new ArrayList<>();
        while (changes.size() < limit) {
            ByteBuffer buffer = open.readPending();
            if (buffer == null) {
                if (syncToken == null || System.nanoTime() > syncDeadline) {
                    break;
                }
                pause(1);
                continue;
            }
            switch (PgOutputDecoder.decode(buffer)) {
                case PgOutputMessage.Relation r -> relations.put(r.oid(), columnsOf(r));
                case PgOutputMessage.RowChange row -> changesOf(row, changes);
                case PgOutputMessage.Truncate t -> t.relationOids().stream().map(relations::get)
                        .filter(r -> r != null && r.table() != null)
                        .forEach(r -> changes.add(new CapturedChange.TableEmptied(r.table().name())));
                case PgOutputMessage.Commit c -> position = c.endLsn();
                case PgOutputMessage.Marker m -> marker(m);
                case PgOutputMessage.Begin b -> transactions.add(b.transactionId());
                case PgOutputMessage.Other o -> {
                }
            }
        }
        lastRead = changes.size();
        lastReadFull = changes.size() >= limit;
        unacknowledged = new ChangeRead(changes, List.of(), position, transactions);
        return unacknowledged;
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

    /** Tells the server that every transaction before the read's position is applied: the slot may let its WAL go. */
    @Override
    public void acknowledge(ChangeRead read) throws SQLException {
        if (read == unacknowledged) {
            unacknowledged = null;
        }
        if (read.walPosition() > 0 && stream != null) {
            LogSequenceNumber lsn = LogSequenceNumber.valueOf(read.walPosition());
            stream.setAppliedLSN(lsn);
            stream.setFlushedLSN(lsn);
            stream.forceUpdateStatus();
        }
    }

    /** The last position acknowledged to the server (0 before the first). */
    @Override
    public long confirmedPosition() {
        return stream == null ? startLsn : stream.getLastFlushedLSN().asLong();
    }

    /**
     * Writes a marker into the source's WAL in its own transaction and reads on until it arrives: every transaction
     * that committed before it comes first in the stream (decoding follows commit order).
     */
    @Override
    public void syncPoint(long deadlineNanos) throws SQLException {
        stream();
        syncToken = emit();
        syncDeadline = deadlineNanos;
    }

    /**
     * The lag is how long ago the newest marker that came back was written (until one comes back: since this feed was
     * made, so a stream that has not delivered anything yet is never taken for caught up). A probe is written every
     * 200 ms at most and comes back within milliseconds when the stream is caught up. Pending is 1 while a sync point
     * is not reached, or the last read's count when it was full (there may be more).
     */
    @Override
    public ChangeBacklog backlog() throws SQLException {
        stream();
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

    private PGReplicationStream stream() throws SQLException {
        if (stream != null && !stream.isClosed() && !streamConnection.isClosed()) {
            return stream;
        }
        close();
        relations.clear();
        try {
            return open();
        } catch (SQLException e) {
            if (!"55006".equals(e.getSQLState())) {
                throw e;
            }
            // The slot is still read by a run that died a moment ago and whose server has not noticed: it is this
            // operation's own slot (the state file lets one run at a time), so that reader is ended.
            try (Connection c = connect.get(); PreparedStatement p = c.prepareStatement(
                    "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL")) {
                p.setString(1, slot);
                p.execute();
            }
            pause(200);
            return open();
        }
    }

    private PGReplicationStream open() throws SQLException {
        streamConnection = replication.open();
        try {
            stream = streamConnection.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot)
                    .withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", slot)
                    .withSlotOption("messages", true)
                    .withStartPosition(LogSequenceNumber.valueOf(startLsn))
                    .withStatusInterval(5, TimeUnit.SECONDS)
                    // pgjdbc would otherwise confirm the server's position on a keepalive once the start of the last
                    // message read is confirmed; a change of a transaction that began before the last one committed
                    // starts there too, so the slot could move past changes not yet applied, lost at the next reconnect.
                    .withAutomaticFlush(false)
                    .start();
        } catch (SQLException e) {
            close();
            throw new SQLException("reading the change stream of shard " + shard + " (slot " + slot + ") failed: " + e.getMessage(),
                    e.getSQLState(), e);
        }
        return stream;
    }

    @Override
    public void close() {
        if (stream != null) {
            startLsn = Math.max(startLsn, stream.getLastFlushedLSN().asLong());
        }
        try {
            if (stream != null && !stream.isClosed()) {
                stream.close();
            }
        } catch (SQLException e) {
            // The connection is dead already (a restarted server); closing it below is all that is left.
        }
        try {
            if (streamConnection != null) {
                streamConnection.close();
            }
        } catch (SQLException e) {
            // As above: nothing more to release.
        }
        stream = null;
        streamConnection = null;
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
