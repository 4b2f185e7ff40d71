package org.reshard.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the k-way merge of ORDER BY results, 4 shard streams of already-ordered rows merged to the end.
 * Lives in the query package because the merge and the streams are package-private; benchmark only, no test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OrderedMergeJmh {

    @Param({"4"})
    public int shards;

    @Param({"25000"})
    public int rowsPerShard;

    private List<ShardStream> streams;

    /** Fresh streams for every merge: a merge consumes them. */
    @Setup(Level.Invocation)
    public void fill() throws InterruptedException {
        streams = new ArrayList<>();
        ActivitySignal signal = new ActivitySignal();
        for (int s = 0; s < shards; s++) {
            ShardStream stream = new ShardStream("s" + s, 0, signal, failed -> { });
            for (long i = 0; i < rowsPerShard; i++) {
                stream.offer(new Object[] {i * shards + s, "row"});
            }
            stream.end();
            streams.add(stream);
        }
    }

    /** Merges every row; JMH reports merges per second (multiply by shards × rowsPerShard for rows/s). */
    @Benchmark
    public long mergeAll() throws InterruptedException {
        OrderedMerge merge = new OrderedMerge(streams, Comparator.comparingLong(row -> (Long) row[0]));
        long count = 0;
        while (merge.next() != null) {
            count++;
        }
        return count;
    }
}
