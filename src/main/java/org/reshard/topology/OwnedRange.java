package org.reshard.topology;

/** A hash range and the shard that owns it. */
public record OwnedRange(HashRange range, String shardId) {
}
