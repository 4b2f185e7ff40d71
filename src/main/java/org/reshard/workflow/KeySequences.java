package org.reshard.workflow;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reshard.plan.PlanStep;
import org.reshard.shard.PostgresCatalog;
import org.reshard.shard.PostgresCatalog.SequencedColumn;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.TableSchema;

/**
 * Primary key columns that take their default from a sequence (serial, {@code nextval}, identity), on
 * PostgreSQL. Pre-flight notes each one with the target sequence's next value next to the highest key
 * that moves there; inside the cutover pause each target sequence is advanced past the highest key the
 * target now holds and past the sources' sequences, so a default id on the new owner never repeats one.
 * (On SQLite an {@code INTEGER PRIMARY KEY} is the rowid, which continues after the largest one present,
 * and an {@code AUTOINCREMENT} table's {@code sqlite_sequence} entry rises with every larger id inserted,
 * copied rows included; nothing to do there.)
 */
final class KeySequences {

    private static final long LARGE = 1_000_000;

    private KeySequences() {
    }

    /** Pre-flight: one note per step and sequenced key column. */
    static void note(OperationContext context, PlanStep step, List<String> notes) throws SQLException {
        if (!postgres(context, step)) {
            return;
        }
        try (Connection source = context.connect(step.sourceShard())) {
            if (!context.pools.dialect(step.sourceShard()).tableExists(source, step.table())) {
                return; // pre-flight already reports the missing table
            }
        }
        TableSchema schema = context.sourceSchema(step.sourceShard(), step.table());
        SqlDialect dialect = context.pools.dialect(step.sourceShard());
        String shardKey = context.table(step.table()).shardKey();
        try (Connection source = context.connect(step.sourceShard()); Connection target = context.connect(step.targetShard())) {
            // Above a million rows the moving share's maximum would cost a scan of the table: the table's maximum (an index probe) bounds it.
            boolean large = dialect.estimatedRows(source, step.table()).orElse(0) > LARGE;
            for (SequencedColumn column : PostgresCatalog.sequencedColumns(source, step.table(), schema.primaryKey())) {
                Optional<Long> highest = highest(source, dialect.quote(step.table()), dialect.quote(column.column()),
                        large ? "TRUE" : dialect.inRanges(dialect.quote(shardKey), step.ranges()));
                String onTarget;
                if (!dialect.tableExists(target, step.table())) {
                    onTarget = "the table is created there with an identity column starting at 1";
                } else {
                    List<SequencedColumn> targetSequences = PostgresCatalog.sequencedColumns(target, step.table(), List.of(column.column()));
                    onTarget = targetSequences.isEmpty() ? "the column has no sequence default there"
                            : "sequence " + targetSequences.getFirst().sequence() + " there gives "
                            + PostgresCatalog.nextValue(target, targetSequences.getFirst().sequence()) + " next";
                }
                notes.add("table " + step.table() + ": " + column.column() + " takes its default from sequence " + column.sequence()
                        + "; the highest " + column.column() + (large ? " (at most; the table's highest)" : "")
                        + " moving from " + step.sourceShard() + " to " + step.targetShard() + " is "
                        + highest.map(String::valueOf).orElse("none (no rows)") + ", " + onTarget
                        + " — the cutover advances it past the moved keys; ids unique across shards remain the application's design");
            }
        }
    }

    /** Inside the cutover pause, after the last change is applied: advances every target sequence of a moved key column. */
    static void advance(OperationContext context) throws SQLException {
        Map<String, PlanStep> byTargetTable = new LinkedHashMap<>();
        for (PlanStep step : context.plan.steps()) {
            if (postgres(context, step)) {
                byTargetTable.putIfAbsent(step.targetShard() + "/" + step.table(), step);
            }
        }
        for (PlanStep step : byTargetTable.values()) {
            TableSchema schema = context.sourceSchema(step.sourceShard(), step.table());
            SqlDialect dialect = context.pools.dialect(step.targetShard());
            try (Connection target = context.connect(step.targetShard())) {
                for (SequencedColumn column : PostgresCatalog.sequencedColumns(target, step.table(), schema.primaryKey())) {
                    long past = highest(target, dialect.quote(step.table()), dialect.quote(column.column()), "TRUE").orElse(0L);
                    for (PlanStep from : context.plan.steps()) {
                        if (from.targetShard().equals(step.targetShard()) && from.table().equals(step.table())) {
                            past = Math.max(past, sourceLastValue(context, from.sourceShard(), step.table(), column.column()));
                        }
                    }
                    long next = PostgresCatalog.advancePast(target, column.sequence(), past);
                    context.event("sequence " + column.sequence() + " of " + step.table() + "." + column.column() + " on "
                            + step.targetShard() + " gives " + next + " next (highest key there or on its sources: " + past + ")");
                }
            }
        }
    }

    /**
     * Inside a switch back's pause, after the last reverse change is applied: advances every source sequence of a
     * moved key column past the keys the source holds now and past what its targets' sequences handed out meanwhile.
     */
    static void advanceBack(OperationContext context) throws SQLException {
        Map<String, PlanStep> bySourceTable = new LinkedHashMap<>();
        for (PlanStep step : context.plan.steps()) {
            if (postgres(context, step)) {
                bySourceTable.putIfAbsent(step.sourceShard() + "/" + step.table(), step);
            }
        }
        for (PlanStep step : bySourceTable.values()) {
            TableSchema schema = context.sourceSchema(step.sourceShard(), step.table());
            SqlDialect dialect = context.pools.dialect(step.sourceShard());
            try (Connection source = context.connect(step.sourceShard())) {
                for (SequencedColumn column : PostgresCatalog.sequencedColumns(source, step.table(), schema.primaryKey())) {
                    long past = highest(source, dialect.quote(step.table()), dialect.quote(column.column()), "TRUE").orElse(0L);
                    for (PlanStep to : context.plan.steps()) {
                        if (to.sourceShard().equals(step.sourceShard()) && to.table().equals(step.table())) {
                            past = Math.max(past, sourceLastValue(context, to.targetShard(), step.table(), column.column()));
                        }
                    }
                    long next = PostgresCatalog.advancePast(source, column.sequence(), past);
                    context.event("sequence " + column.sequence() + " of " + step.table() + "." + column.column() + " on "
                            + step.sourceShard() + " gives " + next + " next (highest key there or on the new owners: " + past + ")");
                }
            }
        }
    }

    /** The last value the shard's sequence for the column handed out (its next value less one increment), or 0. */
    private static long sourceLastValue(OperationContext context, String shard, String table, String column) throws SQLException {
        try (Connection c = context.connect(shard)) {
            List<SequencedColumn> found = PostgresCatalog.sequencedColumns(c, table, List.of(column));
            if (found.isEmpty()) {
                return 0;
            }
            return PostgresCatalog.nextValue(c, found.getFirst().sequence()) - found.getFirst().increment();
        }
    }

    private static Optional<Long> highest(Connection c, String table, String column, String where) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(" + column + ")::bigint FROM " + table
                + " WHERE " + where)) {
            return r.next() && r.getObject(1) != null ? Optional.of(r.getLong(1)) : Optional.empty();
        }
    }

    private static boolean postgres(OperationContext context, PlanStep step) {
        return context.pools.dialect(step.sourceShard()).name().equals("PostgreSQL");
    }
}
