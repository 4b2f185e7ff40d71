package org.reshard.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;

/**
 * The two test tables, in both dialects: {@code orders} (integer shard key, numeric, timestamp, JSON,
 * bytes, Unicode, NULLs) and {@code line_items} (text shard key, composite primary key).
 */
public final class ShardedTables {

    public static final TableSpec ORDERS = new TableSpec("orders", "customer_id", List.of("id"));
    public static final TableSpec LINE_ITEMS = new TableSpec("line_items", "account", List.of("order_id", "line_no"));
    public static final List<TableSpec> ALL = List.of(ORDERS, LINE_ITEMS);

    private static final String[] NOTES = {"Zoë's order", "配達は午前中に", "🚀 express", "tab\there", "line\nbreak", "back\\slash", "quote's"};

    private ShardedTables() {
    }

    public static void create(ShardSpec shard) {
        if (shard.isPostgres()) {
            ShardFixture.execute(shard,
                    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, placed_at timestamptz NOT NULL,"
                            + " total numeric(12,2), status text, attrs jsonb, receipt bytea, note text)",
                    "CREATE INDEX orders_customer ON orders (customer_id)",
                    "CREATE TABLE line_items (account text NOT NULL, order_id bigint NOT NULL, line_no integer NOT NULL, sku text,"
                            + " qty integer, price numeric(10,3), PRIMARY KEY (order_id, line_no))",
                    "CREATE INDEX line_items_account ON line_items (account)");
        } else {
            ShardFixture.execute(shard,
                    "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, placed_at TEXT NOT NULL,"
                            + " total NUMERIC, status TEXT, attrs TEXT, receipt BLOB, note TEXT)",
                    "CREATE INDEX orders_customer ON orders (customer_id)",
                    "CREATE TABLE line_items (account TEXT NOT NULL, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, sku TEXT,"
                            + " qty INTEGER, price NUMERIC, PRIMARY KEY (order_id, line_no))",
                    "CREATE INDEX line_items_account ON line_items (account)");
        }
    }

    /** Inserts {@code orders} orders (ids 1..n) with 1–3 line items each, every row on the shard the topology routes it to. */
    public static void fill(Topology topology, int orders, long seed) throws SQLException {
        SplittableRandom random = new SplittableRandom(seed);
        java.util.Map<String, Connection> connections = new java.util.LinkedHashMap<>();
        try {
            for (ShardSpec shard : topology.shards()) {
                Connection c = ShardFixture.connect(shard);
                c.setAutoCommit(false);
                connections.put(shard.id(), c);
            }
            for (long id = 1; id <= orders; id++) {
                long customer = 1 + random.nextLong(orders / 3 + 10);
                insertOrder(connections.get(topology.ownerOf(Long.toString(customer))), topology.shard(topology.ownerOf(Long.toString(customer))).orElseThrow(),
                        id, customer, random.nextInt(NOTES.length + 3) < NOTES.length ? NOTES[random.nextInt(NOTES.length)] : null, random);
                int lines = 1 + random.nextInt(3);
                String account = "acct-" + random.nextInt(orders / 2 + 10);
                for (int line = 1; line <= lines; line++) {
                    insertLine(connections.get(topology.ownerOf(account)), account, id, line, random);
                }
            }
            for (Connection c : connections.values()) {
                c.commit();
            }
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
    }

    public static void insertOrder(Connection c, ShardSpec shard, long id, long customer, String note, SplittableRandom random) throws SQLException {
        boolean postgres = shard.isPostgres();
        String sql = postgres
                ? "INSERT INTO orders VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)"
                : "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            Instant placed = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextLong(60L * 60 * 24 * 600)).plusMillis(random.nextInt(1000));
            s.setLong(1, id);
            s.setLong(2, customer);
            if (postgres) {
                s.setTimestamp(3, Timestamp.from(placed));
            } else {
                s.setString(3, placed.toString());
            }
            s.setBigDecimal(4, random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextLong(1_000_000), 2));
            s.setString(5, random.nextBoolean() ? "paid" : "shipped");
            s.setString(6, random.nextInt(4) == 0 ? null : "{\"gift\": " + random.nextBoolean() + ", \"tags\": [\"a\", \"ü\"]}");
            s.setBytes(7, random.nextInt(3) == 0 ? null : new byte[] {0, (byte) 0xff, 0x5c, 0x09, (byte) random.nextInt(256)});
            s.setString(8, note);
            s.executeUpdate();
        }
    }

    public static void insertLine(Connection c, String account, long orderId, int line, SplittableRandom random) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO line_items VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, account);
            s.setLong(2, orderId);
            s.setInt(3, line);
            s.setString(4, "SKU-" + random.nextInt(500));
            s.setInt(5, 1 + random.nextInt(9));
            s.setBigDecimal(6, BigDecimal.valueOf(random.nextLong(100_000), 3));
            s.executeUpdate();
        }
    }

    /** Drops both tables, for shards that must start empty. */
    public static void drop(ShardSpec shard) {
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS orders");
            s.execute("DROP TABLE IF EXISTS line_items");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
