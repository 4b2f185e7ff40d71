package org.reshard.workflow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reshard.common.ErrorCode;
import org.reshard.common.ErrorText;
import org.reshard.common.ReshardError;
import org.reshard.common.ReshardException;
import org.reshard.common.Result;
import org.reshard.observe.OperationLog;
import org.reshard.shard.ShardFailures;
import org.reshard.state.ReshardingPhase;
import org.reshard.topology.ShardSpec;

/**
 * Turns what ended a phase into the phase's own error: the phase's code ({@code copy_failed},
 * {@code verification_failed} stays a data mismatch), a message naming the shard and the operation's log
 * file, and the underlying failure as a structured cause, never as text with Java class names in it.
 */
final class PhaseErrors {

    private PhaseErrors() {
    }

    static ReshardError of(OperationContext context, ReshardingPhase phase, ErrorCode code, Throwable e) {
        ReshardError cause = cause(context, e);
        String shard = cause == null ? null : shardOf(context, cause);
        String what = cause == null ? ": " + ErrorText.of(e) : shard == null ? "" : " on shard " + shard;
        return ReshardError.of(code, phase.label() + " failed" + what + " — details in " + OperationLog.display(context.id())).causedBy(cause);
    }

    /**
     * The error of a phase that waited out a transient fault for the whole retry budget: the phase's code, the
     * fault as the cause, and what to do now.
     */
    static ReshardError gaveUp(OperationContext context, ReshardingPhase phase, ErrorCode code, TransientFault fault,
                               java.time.Duration budget, int attempts) {
        String what = fault.shard() == null ? "" : " on shard " + fault.shard();
        String waited = budget.isZero() ? "" : " after retrying for " + org.reshard.common.Durations.human(budget) + " (" + attempts
                + (attempts == 1 ? " retry" : " retries") + ")";
        return ReshardError.of(code, phase.label() + " failed" + what + waited + " — once "
                + (fault.shard() == null ? "it" : "the shard") + " answers again, 'reshard resume " + context.id()
                + "' continues from the last checkpoint; details in " + OperationLog.display(context.id())).causedBy(fault.error());
    }

    /** The id of the shard an error names ("shard s2 (…) …"), or null. */
    static String shardNamedBy(OperationContext context, ReshardError error) {
        return error == null ? null : shardOf(context, error);
    }

    /** The error a rollback ends with, with its cause. */
    static ReshardError rollback(OperationContext context, Throwable e) {
        ReshardError cause = cause(context, e);
        String shard = cause == null ? null : shardOf(context, cause);
        String what = cause == null ? ": " + ErrorText.of(e) : shard == null ? "" : " on shard " + shard;
        return ReshardError.of(ErrorCode.ROLLBACK_FAILED, "rollback of " + context.id() + " failed" + what
                + " — fix the cause and run 'reshard rollback " + context.id() + "' again; every step is safe to repeat; details in "
                + OperationLog.display(context.id())).causedBy(cause);
    }

    /**
     * The cause: a reshard error carried by an exception in the chain; for a lost connection, the shard that
     * does not answer now; for another database error, its SQLState; else the exception's own message.
     */
    static ReshardError cause(OperationContext context, Throwable e) {
        Optional<ReshardError> carried = carried(e);
        if (carried.isPresent()) {
            return carried.get();
        }
        if (ShardFailures.sqlException(e).isEmpty()) {
            return null;
        }
        if (ShardFailures.isConnectionFailure(e)) {
            for (String id : shards(context)) {
                if (context.pools.probe(id) instanceof Result.Failure<ShardSpec> down) {
                    return down.error();
                }
            }
            return ReshardError.of(ErrorCode.SHARD_UNREACHABLE, "a shard's connection was lost (" + ErrorText.of(e)
                    + "); every shard of the operation answers again, so resuming should succeed");
        }
        if (ShardFailures.isSqliteBusy(e)) {
            // SQLite's message names no file: the shard reshard's own message names is the one; else the shard whose file
            // is write-locked now (an application writing to another shard may hold its lock for a moment too).
            for (String id : shards(context)) {
                if (namedIn(e, id)) {
                    return ShardFailures.cause(context.pools.shard(id), e);
                }
            }
            for (String id : shards(context)) {
                if (context.pools.writeLocked(id)) {
                    return ShardFailures.cause(context.pools.shard(id), e);
                }
            }
        }
        String state = ShardFailures.sqlState(e);
        return ReshardError.of(ErrorCode.SHARD_DATABASE_ERROR, "a shard's database failed a statement"
                + (state == null ? "" : " (SQLState " + state + ")") + ": " + ErrorText.of(e));
    }

    /** True when a message in the chain says "… shard {@code id} …", as the applier's and the copy's wrappers do. */
    private static boolean namedIn(Throwable e, String id) {
        java.util.regex.Pattern named = java.util.regex.Pattern.compile("\\bshard " + java.util.regex.Pattern.quote(id) + "(?![\\w-])");
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && named.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    /** A message for an exception that is not a shard's: the exception's text without class names. */
    static String message(Throwable e) {
        return ErrorText.of(e);
    }

    private static Optional<ReshardError> carried(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ReshardException r) {
                return Optional.of(r.error());
            }
            if (t instanceof PhaseFailure f) {
                return Optional.of(f.error());
            }
        }
        return Optional.empty();
    }

    /** Targets first (they are written to, so more often the ones in trouble), then sources. */
    private static Set<String> shards(OperationContext context) {
        Set<String> ids = new LinkedHashSet<>();
        context.plan.steps().forEach(s -> ids.add(s.targetShard()));
        context.plan.steps().forEach(s -> ids.add(s.sourceShard()));
        return ids;
    }

    private static String shardOf(OperationContext context, ReshardError cause) {
        List<String> ids = new ArrayList<>(shards(context));
        for (String id : ids) {
            if (cause.message().startsWith("shard " + id + " ")) {
                return id;
            }
        }
        return null;
    }
}
