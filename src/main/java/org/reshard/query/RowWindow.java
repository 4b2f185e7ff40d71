package org.reshard.query;

import java.util.Optional;
import java.util.OptionalLong;

/** The rows kept after merging: skip {@code offset}, then keep at most {@code limit}; LIMIT/OFFSET and a page combined. */
record RowWindow(long offset, OptionalLong limit) {

    static final RowWindow ALL = new RowWindow(0, OptionalLong.empty());

    /** This window narrowed to one page of it. */
    RowWindow page(Optional<Page> page) {
        if (page.isEmpty()) {
            return this;
        }
        long skipped = page.get().skipped();
        long count = page.get().size();
        if (limit.isPresent()) {
            count = Math.max(0, Math.min(count, limit.getAsLong() - skipped));
        }
        return new RowWindow(offset + skipped, OptionalLong.of(count));
    }

    /** What each shard must return at most so the merged window is exact: offset + limit (the over-fetch). */
    OptionalLong perShardLimit() {
        return limit.isPresent() ? OptionalLong.of(offset + limit.getAsLong()) : OptionalLong.empty();
    }

    boolean isFull(long kept) {
        return limit.isPresent() && kept >= limit.getAsLong();
    }
}
