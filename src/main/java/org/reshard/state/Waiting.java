package org.reshard.state;

import java.time.Duration;
import java.time.Instant;

/**
 * An operation riding out a transient fault: which shard failed and how, since when it has been waiting,
 * and when it tries again. Kept in the state file so {@code status}, the health check and the console see it.
 *
 * @param shard         the shard that failed, or null: the topology registry's fault, or a shard's that answered again
 *                      before it could be named
 * @param address       where that shard is, for people: {@code 127.0.0.1:5433} or a SQLite file's path
 * @param reason        the fault in a few words, e.g. "connection refused"
 * @param error         the fault with its stable code (e.g. {@code reshard.shard.unreachable}) and full message
 * @param since         when the first fault of this run of faults happened
 * @param nextAttemptAt when the phase is tried again
 * @param attempt       the number of that attempt (1 for the first retry)
 * @param giveUpAt      when the retry budget ({@code --retry-for}) runs out and the operation fails
 */
public record Waiting(String shard, String address, String reason, StoredError error, Instant since, Instant nextAttemptAt,
                      int attempt, Instant giveUpAt) {

    /** The shard's id, "registry", or "unknown". */
    public String shardOrRegistry() {
        return shard != null ? shard : isRegistry() ? "registry" : "unknown";
    }

    /** "shard s2 (127.0.0.1:5433)", "the topology registry (…)", or "a shard" when it could not be named. */
    public String what() {
        String where = address == null ? "" : " (" + address + ")";
        return shard != null ? "shard " + shard + where : isRegistry() ? "the topology registry" + where : "a shard";
    }

    private boolean isRegistry() {
        return "reshard.registry.unavailable".equals(error.code());
    }

    /** "waiting for shard s2 (127.0.0.1:5433): connection refused — retry 3 in 8 s". */
    public String describe(Instant now) {
        long seconds = Math.max(0, (Duration.between(now, nextAttemptAt).toMillis() + 999) / 1000);
        return "waiting for " + what() + ": " + reason + " — retry " + attempt + " in " + seconds + " s";
    }
}
