package org.reshard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An application writing to the orders table of one PostgreSQL database, one autocommit write at a time:
 * three updates of a random existing order for every new order. Paced to a rate, or as fast as it can.
 */
public final class PacedWriter implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong writes = new AtomicLong();
    private final Thread thread;
    private final Inserts inserts;
    private volatile Exception failure;
    private final java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
    private volatile int backendPid;

    /** Hears each new order once its autocommit INSERT returned: its id, its customer and {@link System#nanoTime()} then. */
    @FunctionalInterface
    public interface Inserts {
        void committed(long id, long customerId, long atNanos);
    }

    /** Starts writing; {@code perSecond} 0 means unpaced; new orders get ids from {@code firstNewId} up. */
    public PacedWriter(String database, long existingRows, long firstNewId, double perSecond) {
        this(database, existingRows, firstNewId, perSecond, null);
    }

    /** As above, telling {@code inserts} (when not null) about every new order committed. */
    public PacedWriter(String database, long existingRows, long firstNewId, double perSecond, Inserts inserts) {
        this.inserts = inserts;
        thread = new Thread(() -> loop(database, existingRows, firstNewId, perSecond), "paced-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(String database, long existingRows, long firstNewId, double perSecond) {
        CpuSplit.pinWriterThread();
        SplittableRandom random = new SplittableRandom(7);
        long nextId = firstNewId;
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(BenchDatabases.url(database));
             PreparedStatement update = c.prepareStatement("UPDATE orders SET total = total + 0.01 WHERE id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, ?, now(), 9.99, 'placed', 'DE', NULL)")) {
            try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
                r.next();
                backendPid = r.getInt(1);
            }
            connected.countDown();
            while (running.get()) {
                long n = writes.get();
                if (n % 4 == 3) {
                    long customer = nextId * 7919 % 400_000 + 1;
                    insert.setLong(1, nextId);
                    insert.setLong(2, customer);
                    insert.executeUpdate();
                    if (inserts != null) {
                        inserts.committed(nextId, customer, System.nanoTime());
                    }
                    nextId++;
                } else {
                    update.setLong(1, 1 + random.nextLong(existingRows));
                    update.executeUpdate();
                }
                writes.incrementAndGet();
                if (perSecond > 0) {
                    long due = started + (long) ((n + 1) * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
        } catch (SQLException e) {
            failure = e;
        } finally {
            connected.countDown();
        }
    }

    /** The PostgreSQL process serving the writer's connection, once it is open (waits for it); 0 if it failed to connect. */
    public int backendPid() throws InterruptedException {
        connected.await();
        return backendPid;
    }

    /** CPU nanoseconds the writer's thread has used so far (its JDBC driver work included), or -1 where the JVM cannot tell. */
    public long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.threadId());
    }

    public long writes() {
        return writes.get();
    }

    /** Stops after the current write; throws what stopped the writer early, if anything did. */
    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }
}
