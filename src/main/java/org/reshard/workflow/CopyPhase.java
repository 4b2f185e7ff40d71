package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    /** How long the phase's thread waits for a batch before it looks for a stop request again. */
    private static final long STOP_CHECK_MILLIS = 200;
    private static final Pattern CREATE_INDEX = Pattern.compile("^(CREATE\\s+(UNIQUE\\s+)?INDEX)\\s+(?!IF\\s+NOT\\s+EXISTS)",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void run(OperationContext context) throws Exception {
        context.checkSourceSchemas(org.reshard.common.ErrorCode.COPY_FAILED);
        context.checkCaptureInPlace(org.reshard.common.ErrorCode.COPY_FAILED);
        for (String source : context.sources()) {
            var capture = context.capture(source);
            context.activity("installing change capture on " + source + " (" + capture.method().label() + ")");
            capture.install();
            FaultPoints.reach("copy.capture-created");
            context.captureInstalled(source);
        }
        PartitionFollower.follow(context, true);
        FaultPoints.reach("copy.capture-installed");
        // Parents before children (foreign keys): steps into one target run one after another in this order.
        TableOrder order = context.tableOrder();
        copySteps(context, context.plan.steps().stream().filter(s -> !context.state().step(s.index()).copyDone())
                .sorted(java.util.Comparator.comparing(PlanStep::table, order.parentsFirstComparator())).toList());
        buildIndexes(context);
    }

    /** Prepares every step's target on this thread, then copies the steps in parallel lanes and saves their checkpoints here. */
    private void copySteps(OperationContext context, List<PlanStep> steps) throws Exception {
        if (steps.isEmpty()) {
            return;
        }
        Map<String, List<CopyLanes.StepStart>> lanes = new LinkedHashMap<>();
        for (PlanStep step : steps) {
            lanes.computeIfAbsent(step.targetShard(), t -> new ArrayList<>()).add(prepare(context, step));
        }
        context.activity("copying " + steps.size() + " steps, " + lanes.size() + " target shards at a time");
        int unfinished = steps.size();
        long lastLog = System.nanoTime();
        long lastBatch = System.nanoTime();
        try (CopyLanes copying = new CopyLanes(new ArrayList<>(lanes.values()), context.options.batchSize())) {
            while (unfinished > 0) {
                context.checkStop();
                PartitionFollower.followNowAndThen(context, true);
                CopyLanes.Event event = copying.next(STOP_CHECK_MILLIS);
                switch (event) {
                    case null -> {
                    }
                    case CopyLanes.Batch b -> {
                        long now = System.nanoTime();
                        context.recordRate(b.batch().rows(), now - lastBatch);
                        lastBatch = now;
                        StepProgress next = checkpoint(context, b.step(), b.batch());
                        copying.checkpointed(b.step());
                        if (now - lastLog > LOG_INTERVAL_NANOS) {
                            lastLog = now;
                            context.telemetry.event(OperationContext.describe(b.step()) + ": " + next.rowsCopied() + " of about "
                                    + b.step().estimatedRows() + " rows copied, " + Math.round(context.ratePerSecond()) + " rows/s");
                        }
                        FaultPoints.reach("copy.batch");
                    }
                    case CopyLanes.Finished f -> {
                        StepProgress done = context.state().step(f.step().index()).withCopyDone();
                        context.update(u -> u.step(done), Durability.PHASE_TRANSITION);
                        context.event(OperationContext.describe(f.step()) + ": copied " + done.rowsCopied() + " rows");
                        unfinished--;
                    }
                    case CopyLanes.Failed f -> throw f.error();
                }
            }
        }
    }

    private static StepProgress checkpoint(OperationContext context, PlanStep step, CopiedBatch batch) {
        context.telemetry.rowsCopied(step, batch.rows());
        StepProgress progress = context.state().step(step.index());
        StepProgress next = progress.withCopied(progress.rowsCopied() + batch.rows(), batch.lastKey());
        context.update(b -> b.step(next), Durability.CHECKPOINT);
        return next;
    }

    /** Creates the step's target table, trims rows written after its last checkpoint, and makes its copier. */
    private CopyLanes.StepStart prepare(OperationContext context, PlanStep step) throws SQLException {
        TableSchema schema = context.sourceSchema(step.sourceShard(), step.table());
        String shardKey = context.table(step.table()).shardKey();
        ensureTargetTable(context, step, schema);
        StepProgress progress = context.state().step(step.index());
        if (context.resumed()) {
            int trimmed = StepCopier.trimAfter(context.pools, step, schema, shardKey, progress.copyCursor());
            if (trimmed > 0) {
                context.event(OperationContext.describe(step) + ": removed " + trimmed + " rows written after the last checkpoint");
            }
        }
        return new CopyLanes.StepStart(step, StepCopier.of(context.pools, step, schema, shardKey, context.options.batchSize()),
                progress.copyCursor());
    }

    /** Creates the target table from the source's definition; the intent is saved first so a rollback drops it even after a crash. */
    private void ensureTargetTable(OperationContext context, PlanStep step, TableSchema schema) throws SQLException {
        SqlDialect dialect = context.pools.dialect(step.targetShard());
        try (Connection c = context.connect(step.targetShard())) {
            Optional<TableSchema> existing = dialect.describe(c, step.table());
            if (existing.isEmpty()) {
                context.update(b -> b.step(context.state().step(step.index()).withTargetTableCreated()), Durability.PHASE_TRANSITION);
                context.activity("creating table " + step.table() + " on " + step.targetShard());
                try (Statement s = c.createStatement()) {
                    s.execute(dialect.createTable(schema));
                }
            }
        }
        PartitionFollower.createOnTarget(context, step);
    }

    /** Builds the created tables' indexes, each target shard on its own thread: the targets are separate databases. */
    private void buildIndexes(OperationContext context) throws Exception {
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        Set<String> built = new LinkedHashSet<>();
        for (PlanStep step : context.plan.steps()) {
            if (!context.state().step(step.index()).targetTableCreated() || !built.add(step.targetShard() + "/" + step.table())) {
                continue;
            }
            TableSchema schema = context.sourceSchema(step.sourceShard(), step.table());
            for (String index : schema.indexStatements()) {
                byTarget.computeIfAbsent(step.targetShard(), t -> new ArrayList<>())
                        .add(CREATE_INDEX.matcher(index.strip()).replaceFirst("$1 IF NOT EXISTS "));
            }
        }
        if (byTarget.isEmpty()) {
            return;
        }
        context.activity("building " + byTarget.values().stream().mapToInt(List::size).sum() + " indexes on "
                + String.join(", ", byTarget.keySet()));
        List<CompletableFuture<Void>> builds = new ArrayList<>();
        for (var target : byTarget.entrySet()) {
            builds.add(CompletableFuture.runAsync(() -> {
                try (Connection c = context.connect(target.getKey()); Statement s = c.createStatement()) {
                    for (String index : target.getValue()) {
                        s.execute(index);
                    }
                } catch (SQLException e) {
                    throw new CompletionException(new SQLException("building the indexes on shard " + target.getKey() + " failed: "
                            + e.getMessage(), e));
                }
            }));
        }
        try {
            CompletableFuture.allOf(builds.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
