package org.reshard.query;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;

/**
 * Reproducible orders with what makes merging hard: NULLs in most columns, many ties in totals and
 * statuses, Unicode notes, timestamps (timestamptz on PostgreSQL, ISO-8601 text on SQLite) and JSON.
 */
final class OrdersData {

    static final String POSTGRES_TABLE = "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text,"
            + " country text, total numeric(12,2), quantity integer, created_at timestamptz NOT NULL, attrs jsonb, note text)";
    static final String SQLITE_TABLE = "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, status TEXT,"
            + " country TEXT, total NUMERIC, quantity INTEGER, created_at TEXT NOT NULL, attrs TEXT, note TEXT)";

    private static final String[] STATUSES = {"paid", "paid", "shipped", "shipped", "shipped", "placed", "cancelled", "refunded"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "US", "JP", "BR", "GB", "ES"};
    private static final String[] CHANNELS = {"web", "web", "app", "phone"};
    private static final String[] NOTES = {"Zoë", "zoe", "Émile", "apple", "Apple", "配達は午前中に", "🚀 express", "a", "ab", "Ω"};
    private static final BigDecimal[] COMMON_TOTALS = {new BigDecimal("19.99"), new BigDecimal("49.50"), new BigDecimal("100.00")};

    /** One order. */
    record Order(long id, long customerId, String status, String country, BigDecimal total, Integer quantity, Instant createdAt,
                 String attrs, String note) {
    }

    private OrdersData() {
    }

    static List<Order> generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Order> orders = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            long customer = 1 + random.nextInt(count / 6);
            String status = random.nextInt(20) == 0 ? null : STATUSES[random.nextInt(STATUSES.length)];
            String country = random.nextInt(12) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)];
            BigDecimal total = random.nextInt(10) == 0 ? null
                    : random.nextInt(5) == 0 ? COMMON_TOTALS[random.nextInt(COMMON_TOTALS.length)]
                    : BigDecimal.valueOf(random.nextLong(1_000_000), 2);
            Integer quantity = random.nextInt(20) == 0 ? null : 1 + random.nextInt(9);
            Instant created = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextLong(365L * 24 * 3600));
            // jsonb prints keys shorter-first with ", " and ": ", so the SQLite text is written the same way.
            String attrs = random.nextInt(10) == 0 ? null
                    : "{\"gift\": " + random.nextBoolean() + ", \"channel\": \"" + CHANNELS[random.nextInt(CHANNELS.length)] + "\"}";
            String note = random.nextInt(5) < 3 ? null : NOTES[random.nextInt(NOTES.length)];
            orders.add(new Order(id, customer, status, country, total, quantity, created, attrs, note));
        }
        return orders;
    }

    /** Inserts every order into one database (the oracle). */
    static void insertAll(ShardSpec database, List<Order> orders) throws SQLException {
        try (Connection c = ShardFixture.connect(database)) {
            insert(c, database.isPostgres(), orders);
        }
    }

    /** Inserts each order on the shard the topology routes its customer to. */
    static void insertRouted(Topology topology, List<Order> orders) throws SQLException {
        Map<String, List<Order>> byShard = new HashMap<>();
        for (Order order : orders) {
            byShard.computeIfAbsent(topology.ownerOf(Long.toString(order.customerId())), k -> new ArrayList<>()).add(order);
        }
        for (Map.Entry<String, List<Order>> entry : byShard.entrySet()) {
            ShardSpec shard = topology.shard(entry.getKey()).orElseThrow();
            try (Connection c = ShardFixture.connect(shard)) {
                insert(c, shard.isPostgres(), entry.getValue());
            }
        }
    }

    private static void insert(Connection c, boolean postgres, List<Order> orders) throws SQLException {
        c.setAutoCommit(false);
        String sql = postgres ? "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)" : "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (Order o : orders) {
                s.setLong(1, o.id());
                s.setLong(2, o.customerId());
                s.setString(3, o.status());
                s.setString(4, o.country());
                s.setBigDecimal(5, o.total());
                if (o.quantity() == null) {
                    s.setNull(6, Types.INTEGER);
                } else {
                    s.setInt(6, o.quantity());
                }
                if (postgres) {
                    s.setTimestamp(7, Timestamp.from(o.createdAt()));
                } else {
                    s.setString(7, o.createdAt().toString());
                }
                s.setString(8, o.attrs());
                s.setString(9, o.note());
                s.addBatch();
            }
            s.executeBatch();
        }
        c.commit();
    }
}
