package org.reshard.ui.diff;

/** A source → target pair of shards between which ranges move. */
public record ShardPair(String source, String target) {

    @Override
    public String toString() {
        return source + " → " + target;
    }
}
