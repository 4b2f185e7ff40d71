package org.reshard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * A writer inserting orders for customers whose keys move, paced, routed by the registry the README's way
 * (write, check the registry version inside the transaction, commit; on "reshard: key moved" re-read the
 * registry and retry). It measures the write pause: from the start of the first write a fence rejected to
 * the commit of the first write the new owner accepted; and the longest gap between two committed writes.
 * Every later pause too (a switch back: fenced on the new owner, accepted again on the old one), each from the
 * first write a fence rejected to the first commit on another shard than the fenced one.
 */
public final class CutoverWriter implements AutoCloseable {

    private final TopologyRegistry registry;
    private final List<Long> movingCustomers;
    private final double perSecond;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Connection> connections = new HashMap<>();
    private final Thread thread;
    private volatile Exception failure;
    private volatile double pauseMs = Double.NaN;
    private volatile double longestGapMs;
    private final List<Double> pausesMs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Connection registryConnection;
    private Topology topology;
    private long version;

    public CutoverWriter(String registryUrl, List<Long> movingCustomers, long firstId, double perSecond) {
        this.registry = new TopologyRegistry(registryUrl);
        this.movingCustomers = List.copyOf(movingCustomers);
        this.perSecond = perSecond;
        thread = new Thread(() -> loop(firstId), "cutover-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(long firstId) {
        SplittableRandom random = new SplittableRandom(11);
        long id = firstId;
        long started = System.nanoTime();
        long lastCommit = System.nanoTime();
        long firstFenced = 0;
        long episodeFenced = 0;
        String fencedShard = null;
        String oldOwner = null;
        try {
            registryConnection = DriverManager.getConnection(registry.url());
            reload();
            for (long n = 0; running.get(); n++) {
                long customer = movingCustomers.get(random.nextInt(movingCustomers.size()));
                while (running.get()) {
                    long attempt = System.nanoTime();
                    String shard = topology.ownerOf(Long.toString(customer));
                    oldOwner = oldOwner == null ? shard : oldOwner;
                    Connection c = connection(shard);
                    try {
                        try (PreparedStatement s = c.prepareStatement("INSERT INTO orders VALUES (?, ?, now(), 1.00, 'placed', 'DE', NULL)")) {
                            s.setLong(1, id);
                            s.setLong(2, customer);
                            s.executeUpdate();
                        }
                        if (currentVersion() != version) {
                            c.rollback();
                            reload();
                            continue;
                        }
                        c.commit();
                        long now = System.nanoTime();
                        longestGapMs = Math.max(longestGapMs, (now - lastCommit) / 1e6);
                        lastCommit = now;
                        if (firstFenced != 0 && !shard.equals(oldOwner) && Double.isNaN(pauseMs)) {
                            pauseMs = (now - firstFenced) / 1e6;
                        }
                        if (episodeFenced != 0 && !shard.equals(fencedShard)) {
                            pausesMs.add((now - episodeFenced) / 1e6);
                            episodeFenced = 0;
                        }
                        id++;
                        break;
                    } catch (SQLException e) {
                        c.rollback();
                        if (!String.valueOf(e.getMessage()).contains("reshard: key moved")) {
                            throw e;
                        }
                        firstFenced = firstFenced == 0 ? attempt : firstFenced;
                        if (episodeFenced == 0) {
                            episodeFenced = attempt;
                            fencedShard = shard;
                        }
                        reload();
                        Thread.sleep(1);
                    }
                }
                long wait = started + (long) ((n + 1) * 1e9 / perSecond) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            closeAll();
        }
    }

    private Connection connection(String shard) throws SQLException {
        Connection c = connections.get(shard);
        if (c == null) {
            c = DriverManager.getConnection(topology.shard(shard).orElseThrow().url());
            c.setAutoCommit(false);
            connections.put(shard, c);
        }
        return c;
    }

    private long currentVersion() throws SQLException {
        try (Statement s = registryConnection.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM reshard_topology")) {
            r.next();
            return r.getLong(1);
        }
    }

    private void reload() throws SQLException {
        var active = registry.active().orElseThrow(() -> new IllegalStateException("the registry is empty"));
        topology = new TopologyLoader(name -> "").parse(active.topologyJson(), null).orElseThrow();
        version = active.version();
    }

    private void closeAll() {
        List<Connection> all = new ArrayList<>(connections.values());
        if (registryConnection != null) {
            all.add(registryConnection);
        }
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the benchmark is over with this writer
            }
        }
    }

    /** The pause in milliseconds, or NaN when no write met a fence. */
    public double pauseMs() {
        return pauseMs;
    }

    /** Every pause in milliseconds, in order (a cutover's, then a switch back's, …). */
    public List<Double> pausesMs() {
        return List.copyOf(pausesMs);
    }

    public double longestGapMs() {
        return longestGapMs;
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }
}
