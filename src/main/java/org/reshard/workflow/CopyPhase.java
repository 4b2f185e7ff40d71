package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.reshard.plan.PlanStep;
import org.reshard.shard.SqlDialect;
import org.reshard.shard.TableSchema;
import org.reshard.state.ReshardingStateStore.Durability;
import org.reshard.state.StepProgress;

/**
 * Copying: installs change capture on every source (before the first row is read, so no write is
 * missed), creates missing target tables, copies each step in batches with a checkpoint after every
 * committed batch, and builds the secondary indexes of created tables after their bulk copy.
 */
final class CopyPhase implements PhaseRunner {

    /** Batch progress goes to the log at most this often, so a long copy does not flood it. */
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
    private static final Pattern CREATE_INDEX = Pattern.compile("^(CREATE\\s+(UNIQUE\\s+)?INDEX)\\s+(?!IF\\s+NOT\\s+EXISTS)",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void run(OperationContext context) throws Exception {
        context.checkSourceSchemas(org.reshard.common.ErrorCode.COPY_FAILED);
        for (String source : context.sources()) {
            context.activity("installing change capture on " + source);
            context.capture(source).install();
        }
        FaultPoints.reach("copy.capture-installed");
        for (PlanStep step : context.plan.steps()) {
            if (!context.state().step(step.index()).copyDone()) {
                copy(context, step);
            }
        }
        buildIndexes(context);
    }

    private void copy(OperationContext context, PlanStep step) throws SQLException {
        TableSchema schema = context.sourceSchema(step.sourceShard(), step.table());
        String shardKey = context.table(step.table()).shardKey();
        ensureTargetTable(context, step, schema);
        StepProgress progress = context.state().step(step.index());
        if (context.resumed) {
            int trimmed = StepCopier.trimAfter(context.pools, step, schema, shardKey, progress.copyCursor());
            if (trimmed > 0) {
                context.event(OperationContext.describe(step) + ": removed " + trimmed + " rows written after the last checkpoint");
            }
        }
        StepCopier copier = StepCopier.of(context.pools, step, schema, shardKey, context.options.batchSize());
        context.activity("copying " + step.table() + " " + step.sourceShard() + " → " + step.targetShard());
        long lastLog = System.nanoTime();
        while (true) {
            context.checkStop();
            long started = System.nanoTime();
            CopiedBatch batch = copier.copyBatch(progress.copyCursor());
            context.recordRate(batch.rows(), System.nanoTime() - started);
            if (batch.rows() == 0) {
                break;
            }
            context.telemetry.rowsCopied(step, batch.rows());
            StepProgress next = progress.withCopied(progress.rowsCopied() + batch.rows(), batch.lastKey());
            context.update(b -> b.step(next), Durability.CHECKPOINT);
            progress = next;
            if (System.nanoTime() - lastLog > LOG_INTERVAL_NANOS) {
                lastLog = System.nanoTime();
                context.telemetry.event(OperationContext.describe(step) + ": " + next.rowsCopied() + " of about "
                        + step.estimatedRows() + " rows copied, " + Math.round(context.ratePerSecond()) + " rows/s");
            }
            FaultPoints.reach("copy.batch");
            if (batch.rows() < context.options.batchSize()) {
                break;
            }
        }
        StepProgress done = progress.withCopyDone();
        context.update(b -> b.step(done), Durability.PHASE_TRANSITION);
        context.event(OperationContext.describe(step) + ": copied " + done.rowsCopied() + " rows");
    }

    /** Creates the target table from the source's definition; the intent is saved first so a rollback drops it even after a crash. */
    private void ensureTargetTable(OperationContext context, PlanStep step, TableSchema schema) throws SQLException {
        SqlDialect dialect = context.pools.dialect(step.targetShard());
        try (Connection c = context.connect(step.targetShard())) {
            Optional<TableSchema> existing = dialect.describe(c, step.table());
            if (existing.isPresent()) {
                return;
            }
            context.update(b -> b.step(context.state().step(step.index()).withTargetTableCreated()), Durability.PHASE_TRANSITION);
            context.activity("creating table " + step.table() + " on " + step.targetShard());
            try (Statement s = c.createStatement()) {
                s.execute(dialect.createTable(schema));
            }
        }
    }

    private void buildIndexes(OperationContext context) throws SQLException {
        Set<String> built = new LinkedHashSet<>();
        for (PlanStep step : context.plan.steps()) {
            if (!context.state().step(step.index()).targetTableCreated() || !built.add(step.targetShard() + "/" + step.table())) {
                continue;
            }
            TableSchema schema = context.sourceSchema(step.sourceShard(), step.table());
            if (schema.indexStatements().isEmpty()) {
                continue;
            }
            context.activity("building " + schema.indexStatements().size() + " indexes of " + step.table() + " on " + step.targetShard());
            try (Connection c = context.connect(step.targetShard()); Statement s = c.createStatement()) {
                for (String index : schema.indexStatements()) {
                    s.execute(CREATE_INDEX.matcher(index.strip()).replaceFirst("$1 IF NOT EXISTS "));
                }
            }
        }
    }
}
