package org.reshard.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.reshard.topology.RoutingHash;

/** JMH: the routing hash (PostgreSQL's hashtextextended in Java) of typical shard keys, per call. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingHashJmh {

    private String[] keys;
    private int next;

    @Setup
    public void keys() {
        keys = new String[1024];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i % 2 == 0 ? Long.toString(1_000_003L * i) : "customer-" + i + "@example.org";
        }
    }

    @Benchmark
    public long hash() {
        next = (next + 1) & (keys.length - 1);
        return RoutingHash.hash(keys[next]);
    }
}
