package org.reshard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gives the source a CPU of its own, as a host of its own would ({@code -Dbench.captureCpuSplit=true}): the main
 * PostgreSQL server and the writer's thread on CPU 0; this JVM's other threads (the operation, the applier) and the
 * targets' cluster on CPU 1. Children inherit their parent's CPUs, so a backend or WAL sender the source's server forks
 * later stays on CPU 0. Everything is given every CPU again on {@link #close}.
 */
final class CpuSplit implements AutoCloseable {

    private static volatile boolean active;

    private final long mainServer;
    private final long jvm = ProcessHandle.current().pid();
    private final String all;

    private CpuSplit(long mainServer) {
        this.mainServer = mainServer;
        this.all = "0-" + (Runtime.getRuntime().availableProcessors() - 1);
    }

    /** Splits the machine; {@code targetsData} is the second cluster's data directory. */
    static CpuSplit apply(Path targetsData) throws SQLException {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            throw new IllegalStateException("a CPU split needs two CPUs");
        }
        CpuSplit split = new CpuSplit(postmaster(Path.of(dataDirectory())));
        pinTree(split.mainServer, "0");
        pinTree(postmaster(targetsData), "1");
        if (!taskset("-a", "-p", "-c", "1", Long.toString(split.jvm))) {
            throw new IllegalStateException("taskset could not pin this JVM to CPU 1");
        }
        active = true;
        return split;
    }

    /** Pins the calling thread to the source's CPU while a split is active (the writer calls it as it starts). */
    static void pinWriterThread() {
        if (!active) {
            return;
        }
        try {
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            if (!taskset("-p", "-c", "0", self.substring(self.lastIndexOf('/') + 1))) {
                throw new IllegalStateException("taskset could not pin the writer's thread to CPU 0");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot tell the writer thread's id", e);
        }
    }

    /** In words, for the results. */
    String describe() {
        return "CPU split: the source's server (postmaster " + mainServer + " and its children) and the writer's thread on CPU 0;"
                + " this JVM's other threads and the targets' cluster on CPU 1";
    }

    @Override
    public void close() {
        active = false;
        pinTree(mainServer, all);
        taskset("-a", "-p", "-c", all, Long.toString(jvm));
    }

    private static String dataDirectory() throws SQLException {
        try (Connection c = DriverManager.getConnection(BenchServer.LOCAL.url("postgres")); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW data_directory")) {
            r.next();
            return r.getString(1);
        }
    }

    private static long postmaster(Path data) {
        try {
            return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + data.resolve("postmaster.pid"), e);
        }
    }

    private static void pinTree(long parent, String cpus) {
        if (!taskset("-a", "-p", "-c", cpus, Long.toString(parent))) {
            throw new IllegalStateException("taskset could not pin process " + parent + " to CPU " + cpus);
        }
        // A child that ended since it was listed cannot be pinned, and need not be.
        ProcessHandle.of(parent).ifPresent(p -> p.children().forEach(child -> taskset("-a", "-p", "-c", cpus, Long.toString(child.pid()))));
    }

    /** Runs taskset; false when it failed (the process is gone). */
    private static boolean taskset(String... args) {
        List<String> command = new ArrayList<>(List.of("taskset"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run taskset (util-linux)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running taskset", e);
        }
    }
}
