package org.reshard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * An application writing while a resharding runs: inserts, updates, deletes and shard-key changes on
 * both test tables, routed by the registry's active topology. It follows the client protocol of the
 * README: write, check inside the same transaction that the registry version did not change, commit;
 * on {@code reshard: key moved} re-read the registry and retry. It remembers every acknowledged write.
 */
public final class RegistryRoutedWriter implements AutoCloseable {

    /** What a key should look like at the end: the last acknowledged marker, or deleted. */
    public record Expected(boolean deleted, String marker) {
    }

    private final TopologyRegistry registry;
    private final SplittableRandom random;
    private final long pauseMillis;
    private final Map<String, Map<String, Expected>> expected = new ConcurrentHashMap<>();
    /** Per table, keys whose last write lost its connection before the commit was confirmed: it may or may not have happened. */
    private final Map<String, java.util.Set<String>> inDoubt = new ConcurrentHashMap<>();
    /** The last write lost its connection (a shard's server went away), so it may or may not have committed. */
    private boolean lastInDoubt;
    private final List<String> anomalies = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final List<long[]> orders = new ArrayList<>();
    private final List<Object[]> lines = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong movedRetries = new AtomicLong();
    private final AtomicLong connectionFailures = new AtomicLong();
    private final Thread thread;
    private Connection registryConnection;
    private Topology topology;
    private long version;
    private long nextOrderId;
    private long sequence;

    /** The oracle: one database that held all rows before the operation and receives every acknowledged write too. */
    private final ShardSpec oracle;
    private Connection oracleConnection;

    /** Starts writing; {@code initial} is the snapshot before the operation, whose keys it may update or delete. */
    public RegistryRoutedWriter(String registryUrl, ShardSnapshot initial, long seed, long pauseMillis) {
        this(registryUrl, initial, seed, pauseMillis, null);
    }

    /** Starts writing, repeating each acknowledged write on {@code oracle} (null: no oracle). */
    public RegistryRoutedWriter(String registryUrl, ShardSnapshot initial, long seed, long pauseMillis, ShardSpec oracle) {
        this.oracle = oracle;
        this.registry = new TopologyRegistry(registryUrl);
        this.random = new SplittableRandom(seed);
        this.pauseMillis = pauseMillis;
        initial.rowsOf("orders").forEach((key, located) -> {
            long id = Long.parseLong(key.substring("id=".length()));
            orders.add(new long[] {id, Long.parseLong(located.getFirst().shardKey())});
            nextOrderId = Math.max(nextOrderId, id + 1_000_000);
        });
        initial.rowsOf("line_items").forEach((key, located) -> {
            String[] parts = key.split(",");
            lines.add(new Object[] {Long.parseLong(parts[0].substring("order_id=".length())),
                    Integer.parseInt(parts[1].substring("line_no=".length())), located.getFirst().shardKey()});
        });
        expected.put("orders", new ConcurrentHashMap<>());
        expected.put("line_items", new ConcurrentHashMap<>());
        inDoubt.put("orders", ConcurrentHashMap.newKeySet());
        inDoubt.put("line_items", ConcurrentHashMap.newKeySet());
        thread = new Thread(this::loop, "registry-routed-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            reload();
            while (running.get()) {
                writeOnce();
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (Exception e) {
            anomalies.add("writer stopped: " + e + " at " + java.util.Arrays.stream(e.getStackTrace())
                    .filter(f -> f.getClassName().startsWith("org.reshard")).findFirst().map(Object::toString).orElse("?"));
        } finally {
            if (registryConnection != null) {
                connections.put("registry", registryConnection);
            }
            if (oracleConnection != null) {
                connections.put("oracle", oracleConnection);
            }
            for (Connection c : connections.values()) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing at the end of the test
                }
            }
        }
    }

    private void writeOnce() throws Exception {
        int choice = random.nextInt(100);
        String marker = "w-" + (++sequence);
        if (choice < 25 || orders.isEmpty()) {
            long id = nextOrderId++;
            long customer = 1 + random.nextLong(5_000);
            // A bound time, not CURRENT_TIMESTAMP: the oracle must store the same value as the shard.
            java.time.Instant placed = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            if (write(Long.toString(customer), "INSERT INTO orders (id, customer_id, placed_at, note) VALUES (?, ?, ?, ?)", 1,
                    s -> {
                        s.setLong(1, id);
                        s.setLong(2, customer);
                        if (s.getConnection().getMetaData().getURL().startsWith("jdbc:postgresql:")) {
                            s.setTimestamp(3, java.sql.Timestamp.from(placed));
                        } else {
                            s.setString(3, placed.toString());
                        }
                        s.setString(4, marker);
                    }, true)) {
                orders.add(new long[] {id, customer});
                settle("orders", "id=" + id, new Expected(false, marker));
            } else {
                doubt("orders", "id=" + id);
            }
        } else if (choice < 50) {
            long[] order = orders.get(random.nextInt(orders.size()));
            if (write(Long.toString(order[1]), "UPDATE orders SET note = ? WHERE id = ?", 1, s -> {
                s.setString(1, marker);
                s.setLong(2, order[0]);
            }, false)) {
                settle("orders", "id=" + order[0], new Expected(false, marker));
            } else {
                doubt("orders", "id=" + order[0]);
            }
        } else if (choice < 60) {
            long[] order = orders.remove(random.nextInt(orders.size()));
            if (write(Long.toString(order[1]), "DELETE FROM orders WHERE id = ?", 1, s -> s.setLong(1, order[0]), false)) {
                settle("orders", "id=" + order[0], new Expected(true, null));
            } else if (!doubt("orders", "id=" + order[0])) {
                orders.add(order);
            }
        } else if (choice < 70) {
            rekey(marker);
        } else if (choice < 80) {
            String account = "acct-new-" + random.nextInt(2_000);
            long orderId = nextOrderId++;
            if (write(account, "INSERT INTO line_items (account, order_id, line_no, sku, qty) VALUES (?, ?, 1, ?, 1)", 1, s -> {
                s.setString(1, account);
                s.setLong(2, orderId);
                s.setString(3, marker);
            }, true)) {
                lines.add(new Object[] {orderId, 1, account});
                settle("line_items", "order_id=" + orderId + ",line_no=1", new Expected(false, marker));
            } else {
                doubt("line_items", "order_id=" + orderId + ",line_no=1");
            }
        } else if (choice < 95 && !lines.isEmpty()) {
            Object[] line = lines.get(random.nextInt(lines.size()));
            if (write((String) line[2], "UPDATE line_items SET sku = ? WHERE order_id = ? AND line_no = ?", 1, s -> {
                s.setString(1, marker);
                s.setLong(2, (Long) line[0]);
                s.setInt(3, (Integer) line[1]);
            }, false)) {
                settle("line_items", "order_id=" + line[0] + ",line_no=" + line[1], new Expected(false, marker));
            } else {
                doubt("line_items", "order_id=" + line[0] + ",line_no=" + line[1]);
            }
        } else if (!lines.isEmpty()) {
            Object[] line = lines.remove(random.nextInt(lines.size()));
            if (write((String) line[2], "DELETE FROM line_items WHERE order_id = ? AND line_no = ?", 1, s -> {
                s.setLong(1, (Long) line[0]);
                s.setInt(2, (Integer) line[1]);
            }, false)) {
                settle("line_items", "order_id=" + line[0] + ",line_no=" + line[1], new Expected(true, null));
            } else if (!doubt("line_items", "order_id=" + line[0] + ",line_no=" + line[1])) {
                lines.add(line);
            }
        }
    }

    /** Changes an order's customer to another one the same shard owns: the row may leave or enter a moving range. */
    private void rekey(String marker) throws Exception {
        int at = random.nextInt(orders.size());
        long[] order = orders.get(at);
        String owner = topology.ownerOf(Long.toString(order[1]));
        long customer;
        do {
            customer = 1 + random.nextLong(5_000);
        } while (!topology.ownerOf(Long.toString(customer)).equals(owner));
        long newCustomer = customer;
        if (write(Long.toString(order[1]), "UPDATE orders SET customer_id = ?, note = ? WHERE id = ?", 1, s -> {
            s.setLong(1, newCustomer);
            s.setString(2, marker);
            s.setLong(3, order[0]);
        }, false, () -> topology.ownerOf(Long.toString(newCustomer)).equals(topology.ownerOf(Long.toString(order[1]))))) {
            orders.set(at, new long[] {order[0], newCustomer});
            settle("orders", "id=" + order[0], new Expected(false, marker));
        } else if (doubt("orders", "id=" + order[0])) {
            // Which customer the row has now is unknown; the writer leaves it alone from here on.
            orders.remove(at);
        }
    }

    /** An acknowledged write: the key's expected state is known again. */
    private void settle(String table, String key, Expected state) {
        expected.get(table).put(key, state);
        inDoubt.get(table).remove(key);
    }

    /** After a write that was not acknowledged: true (and the key noted) when it may have committed nonetheless. */
    private boolean doubt(String table, String key) {
        if (lastInDoubt) {
            inDoubt.get(table).add(key);
        }
        return lastInDoubt;
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private boolean write(String shardKey, String sql, int expectedRows, Binder binder, boolean insert) throws Exception {
        return write(shardKey, sql, expectedRows, binder, insert, () -> true);
    }

    /** Routes, writes, validates the registry version inside the transaction, commits; retries on "key moved". */
    private boolean write(String shardKey, String sql, int expectedRows, Binder binder, boolean insert,
                          java.util.function.BooleanSupplier stillValid) throws Exception {
        lastInDoubt = false;
        for (int attempt = 0; attempt < 20_000 && running.get(); attempt++) {
            try {
                refreshIfChanged();
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("SQLITE_BUSY")) {
                    throw e;
                }
                // Another process holds the registry locked for a moment: read it again shortly, as an application would.
                Thread.sleep(20);
                continue;
            }
            if (!stillValid.getAsBoolean()) {
                return false;
            }
            String shard = topology.ownerOf(shardKey);
            Connection c;
            try {
                c = connection(topology.shard(shard).orElseThrow());
            } catch (SQLException e) {
                if (!org.reshard.shard.ShardFailures.isConnectionFailure(e)) {
                    throw e;
                }
                // The shard's server is down: nothing was sent, so nothing is in doubt.
                connectionFailures.incrementAndGet();
                Thread.sleep(100);
                return false;
            }
            try {
                int rows;
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    binder.bind(s);
                    rows = s.executeUpdate();
                }
                if (currentVersion() != version) {
                    c.rollback();
                    reload();
                    continue;
                }
                c.commit();
                mirror(sql, binder);
                if (rows != expectedRows) {
                    anomalies.add("expected " + expectedRows + " rows but " + rows + " for [" + sql + "] key " + shardKey + " on " + shard
                            + " (topology version " + version + ")");
                    return false;
                }
                acknowledged.incrementAndGet();
                return true;
            } catch (SQLException e) {
                if (org.reshard.shard.ShardFailures.isConnectionFailure(e)) {
                    // The shard's server went away: the write may have committed before it did, or not.
                    lastInDoubt = true;
                    lostConnection(shard);
                    return false;
                }
                if (!rolledBack(c, shard)) {
                    return false;
                }
                String message = String.valueOf(e.getMessage());
                if (message.contains("reshard: key moved")) {
                    movedRetries.incrementAndGet();
                    reload();
                    Thread.sleep(2);
                } else if (message.contains("SQLITE_BUSY") || message.contains("locked")) {
                    Thread.sleep(5);
                } else {
                    anomalies.add("write failed on " + shard + ": " + message + " [" + sql + "]");
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Rolls back after a statement the database refused; false when the server went away meanwhile (a crash just after
     * the refusal): nothing committed then either, and the dead connection is dropped.
     */
    private boolean rolledBack(Connection c, String shard) throws SQLException, InterruptedException {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            if (!org.reshard.shard.ShardFailures.isConnectionFailure(e)) {
                throw e;
            }
            lostConnection(shard);
            return false;
        }
    }

    /** The shard's server went away: drops its dead connection, counts it, and gives the server a moment. */
    private void lostConnection(String shard) throws InterruptedException {
        forget(shard);
        connectionFailures.incrementAndGet();
        Thread.sleep(100);
    }

    /** Repeats an acknowledged write on the oracle, where every row lives. */
    private void mirror(String sql, Binder binder) throws SQLException {
        if (oracle == null) {
            return;
        }
        if (oracleConnection == null) {
            oracleConnection = ShardFixture.connect(oracle);
        }
        try (PreparedStatement s = oracleConnection.prepareStatement(sql)) {
            binder.bind(s);
            s.executeUpdate();
        }
    }

    private void forget(String shard) {
        Connection dead = connections.remove(shard);
        try {
            dead.close();
        } catch (SQLException ignored) {
            // the connection is broken already
        }
    }

    private Connection connection(ShardSpec shard) throws SQLException {
        Connection c = connections.get(shard.id());
        if (c == null) {
            c = ShardFixture.connect(shard);
            c.setAutoCommit(false);
            connections.put(shard.id(), c);
        }
        return c;
    }

    private long currentVersion() throws SQLException {
        if (registryConnection == null) {
            registryConnection = DriverManager.getConnection(registry.url());
        }
        try (Statement s = registryConnection.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM reshard_topology")) {
            r.next();
            return r.getLong(1);
        }
    }

    private void refreshIfChanged() throws SQLException {
        if (currentVersion() != version) {
            reload();
        }
    }

    private void reload() throws SQLException {
        var active = registry.active().orElseThrow(() -> new IllegalStateException("the registry is empty"));
        topology = new TopologyLoader(name -> "").parse(active.topologyJson(), null).orElseThrow();
        version = active.version();
    }

    /** Stops writing and waits for the last write to finish. */
    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }

    public Map<String, Map<String, Expected>> expected() {
        return expected;
    }

    public List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    /** Per table, keys whose last write may or may not have committed (its shard's connection broke). */
    public Map<String, java.util.Set<String>> inDoubt() {
        return inDoubt;
    }

    /** Writes that failed because a shard's server went away. */
    public long connectionFailures() {
        return connectionFailures.get();
    }

    public long movedRetries() {
        return movedRetries.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
