package org.reshard.cdc;

/** Unapplied changes on a source shard: how many, and the age of the oldest (the replication lag). */
public record ChangeBacklog(long pending, long lagMs) {

    public static final ChangeBacklog EMPTY = new ChangeBacklog(0, 0);

    public ChangeBacklog plus(ChangeBacklog other) {
        return new ChangeBacklog(pending + other.pending, Math.max(lagMs, other.lagMs));
    }
}
