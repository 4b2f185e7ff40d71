package org.reshard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * An application on {@link RealSchemaFixture}'s schema, routed by the registry: updates that fire the
 * last_update triggers, inserts of customers with rentals and of rentals with payments, deletes of payments,
 * rentals and whole customers (children first, as the foreign keys demand) — each a transaction on the
 * customer's shard that retries on {@code reshard: key moved}. Every acknowledged write is mirrored into
 * the reference database exactly as the shard returned the rows ({@code RETURNING}), written there as a
 * replica so its own triggers keep those values.
 */
public final class RealSchemaWriter implements AutoCloseable {

    /** One statement of a write: SQL with parameters, and the table whose rows it returns (upserted) or whose keys it returns (deleted). */
    private record Op(String table, boolean delete, String sql, Object... params) {
    }

    private final TopologyRegistry registry;
    private final PostgresTestDatabase reference;
    private final SplittableRandom random;
    private final Map<Integer, Integer> rentals = new HashMap<>();
    private final Map<Integer, int[]> payments = new HashMap<>();
    private final List<Integer> customers = new ArrayList<>();
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final List<String> anomalies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong movedRetries = new AtomicLong();
    private final Thread thread;
    private Connection mirror;
    private Topology topology;
    private long version;
    private int nextId = 1_000_000;

    RealSchemaWriter(String registryUrl, PostgresTestDatabase reference, long seed) throws SQLException {
        this.registry = new TopologyRegistry(registryUrl);
        this.reference = reference;
        this.random = new SplittableRandom(seed);
        try (Connection c = reference.connect(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT customer_id FROM customer ORDER BY 1")) {
                while (r.next()) {
                    customers.add(r.getInt(1));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT rental_id, customer_id FROM rental")) {
                while (r.next()) {
                    rentals.put(r.getInt(1), r.getInt(2));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT payment_id, customer_id, rental_id FROM payment")) {
                while (r.next()) {
                    payments.put(r.getInt(1), new int[] {r.getInt(2), r.getInt(3)});
                }
            }
            // Ids above every existing one: a second writer on the same bed (after a rollback) must not reuse the first one's.
            try (ResultSet r = s.executeQuery("SELECT greatest(1000000, (SELECT max(customer_id) FROM customer),"
                    + " (SELECT max(rental_id) FROM rental), (SELECT max(payment_id) FROM payment)) + 1")) {
                r.next();
                nextId = r.getInt(1);
            }
        }
        thread = new Thread(this::loop, "real-schema-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            mirror = reference.connect();
            mirror.setAutoCommit(false);
            reload();
            while (running.get()) {
                writeOnce();
                Thread.sleep(1);
            }
        } catch (Exception e) {
            anomalies.add("writer stopped: " + e);
        } finally {
            connections.values().forEach(RealSchemaWriter::closeQuietly);
            closeQuietly(mirror);
        }
    }

    private void writeOnce() throws Exception {
        int choice = random.nextInt(100);
        if (customers.isEmpty()) {
            return;
        }
        int customer = customers.get(random.nextInt(customers.size()));
        List<Integer> its = rentals.entrySet().stream().filter(e -> e.getValue() == customer).map(Map.Entry::getKey).sorted().toList();
        if (choice < 30) {
            write(customer, List.of(new Op("customer", false, "UPDATE customer SET email = ? WHERE customer_id = ?",
                    "u" + random.nextInt(1_000_000) + "@example.org", customer)));
        } else if (choice < 50 && !its.isEmpty()) {
            int rental = its.get(random.nextInt(its.size()));
            write(customer, List.of(new Op("rental", false, "UPDATE rental SET return_date = now() WHERE rental_id = ?", rental)));
        } else if (choice < 60) {
            int id = nextId++;
            int rental = nextId++;
            if (write(id, List.of(
                    new Op("customer", false, "INSERT INTO customer (customer_id, store_id, first_name, favourite, birth_year)"
                            + " VALUES (?, 1, 'New', 'PG-13', 1999)", id),
                    new Op("rental", false, "INSERT INTO rental (rental_id, customer_id, film_id, rental_date) VALUES (?, ?, 7, now())",
                            rental, id)))) {
                customers.add(id);
                rentals.put(rental, id);
            }
        } else if (choice < 75) {
            int rental = nextId++;
            int payment = nextId++;
            if (write(customer, List.of(
                    new Op("rental", false, "INSERT INTO rental (rental_id, customer_id, film_id, rental_date) VALUES (?, ?, 3, now())",
                            rental, customer),
                    new Op("payment", false, "INSERT INTO payment (payment_id, customer_id, rental_id, amount, payment_date)"
                            + " VALUES (?, ?, ?, 4.99, now())", payment, customer, rental)))) {
                rentals.put(rental, customer);
                payments.put(payment, new int[] {customer, rental});
            }
        } else if (choice < 85) {
            List<Integer> paid = payments.entrySet().stream().filter(e -> e.getValue()[0] == customer).map(Map.Entry::getKey).sorted().toList();
            if (!paid.isEmpty()) {
                int payment = paid.get(random.nextInt(paid.size()));
                if (write(customer, List.of(new Op("payment", true, "DELETE FROM payment WHERE payment_id = ?", payment)))) {
                    payments.remove(payment);
                }
            }
        } else if (choice < 93 && !its.isEmpty()) {
            int rental = its.get(random.nextInt(its.size()));
            if (write(customer, List.of(new Op("payment", true, "DELETE FROM payment WHERE rental_id = ?", rental),
                    new Op("rental", true, "DELETE FROM rental WHERE rental_id = ?", rental)))) {
                rentals.remove(rental);
                payments.values().removeIf(p -> p[1] == rental);
            }
        } else {
            if (write(customer, List.of(new Op("payment", true, "DELETE FROM payment WHERE customer_id = ?", customer),
                    new Op("rental", true, "DELETE FROM rental WHERE customer_id = ?", customer),
                    new Op("customer", true, "DELETE FROM customer WHERE customer_id = ?", customer)))) {
                customers.remove(Integer.valueOf(customer));
                rentals.values().removeIf(c -> c == customer);
                payments.values().removeIf(p -> p[0] == customer);
            }
        }
    }

    /** Runs the statements in one transaction on the customer's shard, retrying on "key moved"; mirrors them when acknowledged. */
    private boolean write(int customer, List<Op> ops) throws Exception {
        for (int attempt = 0; attempt < 20_000 && running.get(); attempt++) {
            if (currentVersion() != version) {
                reload();
            }
            String shard = topology.ownerOf(Integer.toString(customer));
            Connection c = connection(topology.shard(shard).orElseThrow());
            List<String[]> returned = new ArrayList<>();
            try {
                for (Op op : ops) {
                    String key = op.table() + "_id";
                    String sql = op.sql() + (op.delete() ? " RETURNING " + key + "::text" : " RETURNING " + key + "::text, row_to_json(" + op.table() + ")::text");
                    int count = 0;
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        for (int i = 0; i < op.params().length; i++) {
                            s.setObject(i + 1, op.params()[i]);
                        }
                        try (ResultSet r = s.executeQuery()) {
                            while (r.next()) {
                                returned.add(new String[] {op.table(), r.getString(1), op.delete() ? null : r.getString(2)});
                                count++;
                            }
                        }
                    }
                    if (count == 0 && !op.delete()) {
                        anomalies.add("no row for [" + op.sql() + "] customer " + customer + " on " + shard + " (topology version " + version + ")");
                    }
                }
                if (currentVersion() != version) {
                    c.rollback();
                    reload();
                    continue;
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                String message = String.valueOf(e.getMessage());
                if ("40P01".equals(e.getSQLState())) {
                    // A deadlock with reshard's trigger DDL: applications retry those, so does this one.
                    Thread.sleep(2);
                    continue;
                }
                if (message.contains("reshard: key moved")) {
                    movedRetries.incrementAndGet();
                    reload();
                    Thread.sleep(2);
                    continue;
                }
                anomalies.add("write failed on " + shard + ": " + message);
                return false;
            }
            mirror(returned);
            acknowledged.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Writes the acknowledged rows into the reference database as they were returned, without its triggers. */
    private void mirror(List<String[]> returned) throws SQLException {
        try (Statement s = mirror.createStatement()) {
            s.execute("SET LOCAL session_replication_role = replica");
        }
        for (String[] row : returned) {
            String table = row[0];
            try (PreparedStatement delete = mirror.prepareStatement("DELETE FROM " + table + " WHERE " + table + "_id = ?::int")) {
                delete.setString(1, row[1]);
                delete.executeUpdate();
            }
            if (row[2] != null) {
                try (PreparedStatement insert = mirror.prepareStatement("INSERT INTO " + table + " SELECT * FROM json_populate_record(NULL::"
                        + table + ", ?::json)")) {
                    insert.setString(1, row[2]);
                    insert.executeUpdate();
                }
            }
        }
        mirror.commit();
    }

    private Connection connection(ShardSpec shard) throws SQLException {
        Connection c = connections.get(shard.id());
        if (c == null) {
            c = ShardFixture.connect(new ShardSpec(shard.id(), shard.url().replaceAll("\\?user=[^&]*", "?user=" + PostgresTestDatabase.USER),
                    null, null));
            c.setAutoCommit(false);
            connections.put(shard.id(), c);
        }
        return c;
    }

    private Connection registryConnection;

    private long currentVersion() throws SQLException {
        if (registryConnection == null) {
            registryConnection = DriverManager.getConnection(registry.url());
            connections.put("registry", registryConnection);
        }
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

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the test is ending
            }
        }
    }

    /** Stops writing and waits for the last write to finish (and be mirrored). */
    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }

    public List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long movedRetries() {
        return movedRetries.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
