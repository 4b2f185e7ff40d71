package org.reshard.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

/** Generates realistic, reproducible rows for the demo {@code orders} table. */
final class DemoOrders {

    static final String CREATE_TABLE = """
            CREATE TABLE orders (
              id INTEGER PRIMARY KEY,
              customer_id INTEGER NOT NULL,
              created_at TEXT NOT NULL,
              status TEXT NOT NULL,
              currency TEXT NOT NULL,
              total NUMERIC NOT NULL,
              items INTEGER NOT NULL,
              country TEXT NOT NULL,
              note TEXT
            )""";
    static final List<String> CREATE_INDEXES = List.of(
            "CREATE INDEX orders_customer ON orders (customer_id)",
            "CREATE INDEX orders_created ON orders (created_at)");
    static final String INSERT = "INSERT INTO orders (id, customer_id, created_at, status, currency, total, items, country, note)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String[] STATUSES = {"placed", "paid", "paid", "shipped", "shipped", "shipped", "delivered", "delivered", "cancelled", "refunded"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "US", "GB", "JP", "BR", "IN", "ES", "CA", "SE", "PL"};
    private static final String[] CURRENCIES = {"EUR", "EUR", "USD", "USD", "GBP", "JPY", "BRL", "INR", "EUR", "CAD", "SEK", "PLN"};
    private static final String[] NOTES = {"leave at the door", "gift wrap, please", "Lieferung nach 18 Uhr", "fragile — handle with care", "配達は午前中に", "call before delivery"};
    private static final LocalDateTime START = LocalDateTime.of(2025, 1, 1, 0, 0);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** One generated order. */
    record Order(long id, long customerId, String createdAt, String status, String currency, BigDecimal total,
                 int items, String country, String note) {
    }

    private final SplittableRandom random;
    private final long customers;

    DemoOrders(long seed, long rows) {
        this.random = new SplittableRandom(seed);
        this.customers = Math.max(10, rows / 10);
    }

    Order order(long id) {
        int place = random.nextInt(COUNTRIES.length);
        long customer = 1 + random.nextLong(customers);
        String createdAt = START.plusSeconds(random.nextLong(60L * 60 * 24 * 690)).format(TIMESTAMP);
        int items = 1 + random.nextInt(8);
        BigDecimal total = BigDecimal.valueOf(items * (300 + random.nextLong(20_000)), 2).setScale(2, RoundingMode.UNNECESSARY);
        String note = random.nextInt(10) == 0 ? NOTES[random.nextInt(NOTES.length)] : null;
        return new Order(id, customer, createdAt, STATUSES[random.nextInt(STATUSES.length)], CURRENCIES[place], total,
                items, COUNTRIES[place], note);
    }
}
