package org.reshard.query;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run and how: the SQL, the shards (empty = all), how many run at once (0 = all), the timeout,
 * whether a result may leave out failed shards, whether writes are unlocked, merged or raw rows, an
 * optional page, the fetch size and the memory a federated query may hold. Build with {@link #of(String)} and the {@code with…} methods.
 */
public record QueryRequest(String sql, List<String> shards, int maxParallelism, Duration timeout,
                           boolean allowPartialResults, boolean allowWrites, ResultMode mode, Optional<Page> page,
                           int fetchSize, long memoryBytes) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_FETCH_SIZE = 1000;
    /** What a federated query may hold before it fails with {@code reshard.query.too_large}: 512 MB. */
    public static final long DEFAULT_MEMORY_BYTES = 512L * 1024 * 1024;

    public QueryRequest {
        Objects.requireNonNull(sql, "sql");
        shards = List.copyOf(shards);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(page, "page");
        if (maxParallelism < 0) {
            throw new IllegalArgumentException("maxParallelism must be 0 (all shards at once) or more, got " + maxParallelism);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
        }
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize must be at least 1, got " + fetchSize);
        }
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("memoryBytes must be positive, got " + memoryBytes);
        }
    }

    /** All shards at once, 15 s, partial results allowed, read-only, merged, no page. */
    public static QueryRequest of(String sql) {
        return new QueryRequest(sql, List.of(), 0, DEFAULT_TIMEOUT, true, false, ResultMode.MERGED, Optional.empty(), DEFAULT_FETCH_SIZE, DEFAULT_MEMORY_BYTES);
    }

    public QueryRequest withShards(List<String> ids) {
        return new QueryRequest(sql, ids, maxParallelism, timeout, allowPartialResults, allowWrites, mode, page, fetchSize, memoryBytes);
    }

    public QueryRequest withMaxParallelism(int max) {
        return new QueryRequest(sql, shards, max, timeout, allowPartialResults, allowWrites, mode, page, fetchSize, memoryBytes);
    }

    public QueryRequest withTimeout(Duration limit) {
        return new QueryRequest(sql, shards, maxParallelism, limit, allowPartialResults, allowWrites, mode, page, fetchSize, memoryBytes);
    }

    public QueryRequest withPartialResults(boolean allowed) {
        return new QueryRequest(sql, shards, maxParallelism, timeout, allowed, allowWrites, mode, page, fetchSize, memoryBytes);
    }

    /** Unlocks writes: statements run in read-write transactions and INSERT/UPDATE/DELETE are accepted. */
    public QueryRequest withWritesAllowed(boolean allowed) {
        return new QueryRequest(sql, shards, maxParallelism, timeout, allowPartialResults, allowed, mode, page, fetchSize, memoryBytes);
    }

    public QueryRequest withMode(ResultMode resultMode) {
        return new QueryRequest(sql, shards, maxParallelism, timeout, allowPartialResults, allowWrites, resultMode, page, fetchSize, memoryBytes);
    }

    public QueryRequest withPage(Page resultPage) {
        return new QueryRequest(sql, shards, maxParallelism, timeout, allowPartialResults, allowWrites, mode, Optional.of(resultPage), fetchSize, memoryBytes);
    }

    /** The memory a federated query may hold (the streaming merge has its own bounds, see docs/queries.md). */
    public QueryRequest withMemoryBytes(long bytes) {
        return new QueryRequest(sql, shards, maxParallelism, timeout, allowPartialResults, allowWrites, mode, page, fetchSize, bytes);
    }

    public QueryRequest withFetchSize(int rows) {
        return new QueryRequest(sql, shards, maxParallelism, timeout, allowPartialResults, allowWrites, mode, page, rows, memoryBytes);
    }
}
