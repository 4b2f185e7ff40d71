package org.reshard.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: the k-way merge of ORDER BY results, 4 shard streams of already-ordered rows merged to the end:
 * streams filled and ended beforehand ({@link #mergeAll}), and streams that shard threads fill through
 * bounded queues while the merge runs, ending while it waits on them ({@link #mergeLive}).
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

    /** Queue capacity of a live stream: the engine's default fetch size. */
    private static final int LIVE_CAPACITY = QueryRequest.DEFAULT_FETCH_SIZE;

    private List<ShardStream> streams;
    private List<ShardStream> live;
    private ExecutorService producers;

    @Setup(Level.Trial)
    public void startProducers() {
        producers = Executors.newFixedThreadPool(shards);
    }

    @TearDown(Level.Trial)
    public void stopProducers() {
        producers.shutdownNow();
    }

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
        live = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            live.add(new ShardStream("live" + s, LIVE_CAPACITY, signal, failed -> { }));
        }
    }

    /** Merges every row; JMH reports merges per second (multiply by shards × rowsPerShard for rows/s). */
    @Benchmark
    public long mergeAll() throws InterruptedException {
        return drain(streams);
    }

    /** As {@link #mergeAll}, with each shard's rows offered by its own thread while the merge takes them. */
    @Benchmark
    public long mergeLive() throws InterruptedException {
        for (int s = 0; s < shards; s++) {
            ShardStream stream = live.get(s);
            long shard = s;
            producers.execute(() -> {
                try {
                    for (long i = 0; i < rowsPerShard; i++) {
                        stream.offer(new Object[] {i * shards + shard, "row"});
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stream.end();
            });
        }
        return drain(live);
    }

    private static long drain(List<ShardStream> merged) throws InterruptedException {
        OrderedMerge merge = new OrderedMerge(merged, Comparator.comparingLong(row -> (Long) row[0]));
        long count = 0;
        while (merge.next() != null) {
            count++;
        }
        return count;
    }
}
