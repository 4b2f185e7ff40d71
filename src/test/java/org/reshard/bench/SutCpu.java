package org.reshard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent by what a benchmark runs, and nothing else on a shared host: this JVM (the writer, the orchestrator,
 * the applier) plus every PostgreSQL process serving the benchmark's databases (backends and, for logical decoding, the
 * WAL sender), read from {@code /proc/<pid>/stat}. A process that starts and ends between two readings is missed, and
 * the server's shared background processes (WAL writer, checkpointer) are not counted. On a loaded 2-core machine the
 * throughput of one writer follows what else runs; the CPU it and capture use per write follows it far less. The
 * databases may be on several servers of this machine (a benchmark's targets on a second cluster): each is asked for its own.
 */
final class SutCpu {

    /** USER_HZ, the unit of /proc/pid/stat, is 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<BenchServer, List<String>> databases;

    SutCpu(List<String> databases) {
        this(Map.of(BenchServer.LOCAL, databases));
    }

    /** Databases on several servers of this machine. */
    SutCpu(Map<BenchServer, List<String>> databases) {
        this.databases = Map.copyOf(databases);
    }

    /** A reading: this JVM's CPU nanoseconds, each database process's CPU ticks, and which of those are WAL senders. */
    record Reading(long jvmNanos, Map<Integer, Long> ticks, java.util.Set<Integer> walSenders) {
    }

    Reading now() throws SQLException {
        Map<Integer, Long> ticks = new HashMap<>();
        java.util.Set<Integer> senders = new java.util.HashSet<>();
        for (var server : databases.entrySet()) {
            try (Connection c = DriverManager.getConnection(server.getKey().url("postgres"));
                 PreparedStatement p = c.prepareStatement("SELECT pid, backend_type = 'walsender' FROM pg_stat_activity WHERE datname = ANY (?)"
                         + " AND pid <> pg_backend_pid()")) {
                p.setArray(1, c.createArrayOf("text", server.getValue().toArray()));
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long t = ticksOf(r.getInt(1));
                        if (t >= 0) {
                            ticks.put(r.getInt(1), t);
                            if (r.getBoolean(2)) {
                                senders.add(r.getInt(1));
                            }
                        }
                    }
                }
            }
        }
        return new Reading(jvmNanos(), ticks, senders);
    }

    /**
     * Seconds of CPU between two readings: the JVM's, the database processes' (a process new since {@code earlier} counts
     * whole), and of those the WAL senders' (logical decoding).
     */
    static double[] since(Reading earlier, Reading later) {
        return since(earlier, later, -1);
    }

    /** As above, and fourth the seconds of the process {@code pid} (a writer's backend). */
    static double[] since(Reading earlier, Reading later, int pid) {
        double db = 0;
        double senders = 0;
        double one = 0;
        for (var e : later.ticks().entrySet()) {
            long used = Math.max(0, e.getValue() - earlier.ticks().getOrDefault(e.getKey(), 0L));
            db += used;
            if (later.walSenders().contains(e.getKey())) {
                senders += used;
            }
            if (e.getKey() == pid) {
                one += used;
            }
        }
        return new double[] {(later.jvmNanos() - earlier.jvmNanos()) / 1e9, db / TICKS_PER_SECOND, senders / TICKS_PER_SECOND,
                one / TICKS_PER_SECOND};
    }

    private static long jvmNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** utime + stime of a process, or -1 when it is gone. */
    private static long ticksOf(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state(0) ppid(1) … utime(11) stime(12).
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
