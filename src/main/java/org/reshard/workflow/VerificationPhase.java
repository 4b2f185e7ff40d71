package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.plan.PlanStep;
import org.reshard.state.ReshardingStateStore.Durability;
import org.reshard.state.Verification;

/**
 * Verifying: per step, counts and checksums on source and target. Writers keep writing, so a first
 * mismatch is narrowed to keys, the backlog applied, and those keys read again: only rows that still
 * differ are a real mismatch, which ends the operation with {@code reshard.verification_failed}.
 */
final class VerificationPhase implements PhaseRunner {

    private static final int ATTEMPTS = 3;
    private static final int RECHECKS = 5;
    private static final int MAX_KEYS = 1_000;
    private static final int KEYS_IN_MESSAGE = 5;

    @Override
    public void run(OperationContext context) throws Exception {
        context.checkSourceSchemas(ErrorCode.VERIFICATION_FAILED);
        for (PlanStep step : context.plan.steps()) {
            Verification done = context.state().step(step.index()).verification();
            if (done == null || !done.matches()) {
                verify(context, step);
            }
        }
    }

    private void verify(OperationContext context, PlanStep step) throws Exception {
        context.activity("verifying " + OperationContext.describe(step) + " (" + context.options.verification().label() + ")");
        RowChecksums checksums = new RowChecksums(context.pools.dialect(step.sourceShard()), step,
                context.sourceSchema(step.sourceShard(), step.table()), context.table(step.table()).shardKey());
        VerificationMode mode = context.options.verification();
        Verification result = null;
        int differingCount = 0;
        for (int attempt = 1; attempt <= ATTEMPTS && (result == null || !result.matches()); attempt++) {
            context.checkStop();
            PartitionFollower.follow(context, true);
            Replication.catchUp(context, context.options.lagThreshold().toMillis(), Long.MAX_VALUE);
            RowChecksums.Totals[] both = totalsOnBoth(context, step, checksums);
            RowChecksums.Totals source = both[0];
            RowChecksums.Totals target = both[1];
            if (agree(mode, source, target)) {
                result = new Verification(true, source.count(), target.count(), source.checksum(), target.checksum(), List.of());
                break;
            }
            List<String> differing = stillDiffering(context, step, checksums, candidates(context, step, checksums, mode));
            differingCount = differing.size();
            result = new Verification(differing.isEmpty(), source.count(), target.count(), source.checksum(), target.checksum(),
                    differing.stream().limit(KEYS_IN_MESSAGE * 4).map(checksums::describeKey).toList());
            if (differing.isEmpty()) {
                context.event(OperationContext.describe(step) + ": totals moved while writers wrote; every differing key matched on a second read");
            }
        }
        Verification outcome = result;
        context.update(b -> b.step(context.state().step(step.index()).withVerification(outcome)), Durability.PHASE_TRANSITION);
        FaultPoints.reach("verify.step");
        if (!outcome.matches()) {
            context.telemetry.mismatches(step.table(), differingCount);
            List<String> keys = outcome.differingKeys().stream().limit(KEYS_IN_MESSAGE).toList();
            throw new PhaseFailure(ReshardError.of(ErrorCode.VERIFICATION_FAILED, OperationContext.describe(step) + ": "
                    + outcome.differingKeys().size() + (outcome.differingKeys().size() >= KEYS_IN_MESSAGE * 4 ? "+" : "")
                    + " rows differ between " + step.sourceShard() + " and " + step.targetShard() + " (counts " + outcome.sourceCount()
                    + " / " + outcome.targetCount() + "); first keys: " + String.join("; ", keys)
                    + " — roll back ('reshard rollback " + context.id() + "'), find what wrote to " + step.targetShard() + ", and run again"));
        }
        context.event(OperationContext.describe(step) + ": verified " + outcome.sourceCount() + " rows");
    }

    /**
     * Source and target totals computed at the same time, the target's on another thread: they are separate
     * databases, so the step takes as long as the slower side rather than both added up.
     */
    private static RowChecksums.Totals[] totalsOnBoth(OperationContext context, PlanStep step, RowChecksums checksums) throws SQLException {
        FutureTask<RowChecksums.Totals> target = new FutureTask<>(() -> {
            try (Connection t = context.connect(step.targetShard())) {
                return checksums.totals(t);
            }
        });
        Thread.ofPlatform().name("verify-target").daemon().start(target);
        RowChecksums.Totals source;
        try (Connection s = context.connect(step.sourceShard())) {
            source = checksums.totals(s);
        } finally {
            if (!target.isDone()) {
                awaitQuietly(target);
            }
        }
        try {
            return new RowChecksums.Totals[] {source, target.get()};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while verifying", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        }
    }

    /** Waits for the target's totals even when the source's failed, so no connection is left in use. */
    private static void awaitQuietly(FutureTask<RowChecksums.Totals> target) {
        try {
            target.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Reported by the caller's own get().
        }
    }

    private static boolean agree(VerificationMode mode, RowChecksums.Totals source, RowChecksums.Totals target) {
        return (!mode.counts() || source.count() == target.count())
                && (!mode.checksums() || Objects.equals(source.checksum(), target.checksum()));
    }

    /** Keys whose row differs (or exists on one side only) in the buckets whose totals differ. */
    private static List<String> candidates(OperationContext context, PlanStep step, RowChecksums checksums, VerificationMode mode)
            throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection s = context.connect(step.sourceShard()); Connection t = context.connect(step.targetShard())) {
            Map<Integer, RowChecksums.Totals> sourceBuckets = checksums.buckets(s);
            Map<Integer, RowChecksums.Totals> targetBuckets = checksums.buckets(t);
            Set<Integer> all = new LinkedHashSet<>(sourceBuckets.keySet());
            all.addAll(targetBuckets.keySet());
            for (int bucket : all) {
                RowChecksums.Totals a = sourceBuckets.get(bucket);
                RowChecksums.Totals b = targetBuckets.get(bucket);
                if (a != null && b != null && agree(mode, a, b)) {
                    continue;
                }
                Map<String, Long> sourceRows = checksums.rowHashes(s, bucket);
                Map<String, Long> targetRows = checksums.rowHashes(t, bucket);
                Set<String> union = new LinkedHashSet<>(sourceRows.keySet());
                union.addAll(targetRows.keySet());
                for (String key : union) {
                    boolean presenceDiffers = sourceRows.containsKey(key) != targetRows.containsKey(key);
                    if (presenceDiffers || (mode.checksums() && !Objects.equals(sourceRows.get(key), targetRows.get(key)))) {
                        keys.add(key);
                        if (keys.size() >= MAX_KEYS) {
                            return keys;
                        }
                    }
                }
            }
        }
        return keys;
    }

    /** Applies the backlog and reads the candidates again, a few times; returns the keys that still differ. */
    private static List<String> stillDiffering(OperationContext context, PlanStep step, RowChecksums checksums, List<String> candidates)
            throws Exception {
        List<String> differing = candidates;
        for (int round = 0; round < RECHECKS && !differing.isEmpty(); round++) {
            PartitionFollower.follow(context, true);
            Replication.catchUp(context, context.options.lagThreshold().toMillis(), Long.MAX_VALUE);
            List<List<Object>> keys = differing.stream().map(checksums::keyValues).toList();
            Map<String, String> source;
            Map<String, String> target;
            try (Connection s = context.connect(step.sourceShard()); Connection t = context.connect(step.targetShard())) {
                source = checksums.currentRows(s, keys);
                target = checksums.currentRows(t, keys);
            }
            Set<String> next = new HashSet<>();
            for (String key : differing) {
                if (!Objects.equals(source.get(key), target.get(key))) {
                    next.add(key);
                }
            }
            differing = differing.stream().filter(next::contains).toList();
            if (!differing.isEmpty()) {
                Thread.sleep(100);
            }
        }
        return differing;
    }
}
