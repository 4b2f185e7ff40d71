package org.reshard.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;

/**
 * A small shop for join and pruning tests: {@code customers} (shard key id), {@code orders} and {@code payments}
 * (shard key customer_id, co-located with customers), {@code line_items} (shard key account, text) and {@code ledger}
 * (shard key ref, numeric: never pruned) and {@code events} (shard key customer_id: timestamptz, timestamp, jsonb) are sharded; {@code countries} and {@code statuses} are reference tables
 * (the same rows on every shard); {@code notes} is declared nowhere (each shard holds its own rows).
 * <p>
 * Sharded rows go to their owner; some also get a stray copy on the next shard, as a resharding leaves them
 * (copied before cutover, kept for retention), so only the ownership filter keeps answers right.
 */
final class ShopData {

    /** The same DDL serves PostgreSQL and SQLite (bigint has INTEGER affinity, numeric(…) NUMERIC affinity). */
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL, region text)",
            "CREATE TABLE statuses (code text PRIMARY KEY, label text NOT NULL, rank integer NOT NULL)",
            "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, country text)",
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text, country text, total numeric(10,2),"
                    + " quantity integer)",
            "CREATE TABLE payments (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric(10,2) NOT NULL, paid_on date)",
            "CREATE TABLE line_items (id bigint PRIMARY KEY, account text NOT NULL, order_id bigint NOT NULL, sku text NOT NULL,"
                    + " qty integer NOT NULL)",
            "CREATE TABLE ledger (id bigint PRIMARY KEY, ref numeric(12,2) NOT NULL, amount integer NOT NULL)",
            "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)",
            "CREATE TABLE events (id bigint PRIMARY KEY, customer_id bigint NOT NULL, kind text, at timestamptz, local_at timestamp, payload jsonb,"
                    + " amount numeric(10,2))");

    static final int CUSTOMERS = 150;
    /** Orders name customers 1..140 (141..150 have none) and a few missing customers 151..155. */
    static final int ORDERS = 700;
    static final int PAYMENTS = 300;
    static final int LINE_ITEMS = 500;
    static final int LEDGER = 80;
    static final int NOTES_PER_SHARD = 4;
    static final int EVENTS = 240;

    private static final String[] COUNTRIES = {"DE", "FR", "US", "US", "JP", "BR", "GB", "XX"};
    private static final String[] STATUSES = {"paid", "paid", "shipped", "shipped", "placed", "cancelled", "refunded", "lost"};

    /** A JSON document: jsonb on PostgreSQL, its text on SQLite. */
    record Json(String text) {
    }

    /** One table's rows. */
    record Rows(String table, String columns, List<Object[]> rows) {

        void insert(Connection c) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            boolean sqlite = c.getMetaData().getURL().startsWith("jdbc:sqlite:");
            String marks = String.join(", ", Collections.nCopies(rows.getFirst().length, "?"));
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")")) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        switch (row[i]) {
                            case Json json when sqlite -> s.setString(i + 1, json.text());
                            case Json json -> s.setObject(i + 1, json.text(), java.sql.Types.OTHER);
                            // SQLite keeps timestamps as the ISO-8601 text the oracle comparison reads them as.
                            case java.time.OffsetDateTime at when sqlite -> s.setString(i + 1, at.toInstant().toString());
                            case java.time.LocalDateTime at when sqlite -> s.setString(i + 1, at.toString());
                            case java.time.LocalDate day when sqlite -> s.setString(i + 1, day.toString());
                            case null, default -> s.setObject(i + 1, row[i]);
                        }
                    }
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    final Rows countries;
    final Rows statuses;
    final Rows customers;
    final Rows orders;
    final Rows payments;
    final Rows lineItems;
    final Rows ledger;
    final Rows events;

    private ShopData() {
        SplittableRandom random = new SplittableRandom(11);
        countries = new Rows("countries", "code, name, region", List.of(
                new Object[] {"DE", "Germany", "EU"}, new Object[] {"FR", "France", "EU"}, new Object[] {"GB", "United Kingdom", "EU"},
                new Object[] {"US", "United States", "NA"}, new Object[] {"CA", "Canada", "NA"}, new Object[] {"JP", "Japan", "APAC"},
                new Object[] {"BR", "Brazil", null}, new Object[] {"ES", "Spain", "EU"}));
        statuses = new Rows("statuses", "code, label, rank", List.of(
                new Object[] {"placed", "Placed", 1}, new Object[] {"paid", "Paid", 2}, new Object[] {"shipped", "Shipped", 3},
                new Object[] {"cancelled", "Cancelled", 4}, new Object[] {"refunded", "Refunded", 5}));
        List<Object[]> customerRows = new ArrayList<>();
        for (long id = 1; id <= CUSTOMERS; id++) {
            String country = random.nextInt(10) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)];
            customerRows.add(new Object[] {id, "customer-" + id, country});
        }
        customers = new Rows("customers", "id, name, country", customerRows);
        List<Object[]> orderRows = new ArrayList<>();
        for (long id = 1; id <= ORDERS; id++) {
            long customer = id % 50 == 0 ? 123 : id % 97 == 0 ? 151 + random.nextInt(5) : 1 + random.nextInt(140);
            String status = random.nextInt(15) == 0 ? null : STATUSES[random.nextInt(STATUSES.length)];
            String country = random.nextInt(10) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)];
            BigDecimal total = random.nextInt(12) == 0 ? null : BigDecimal.valueOf(random.nextLong(50_000), 2);
            Integer quantity = random.nextInt(15) == 0 ? null : 1 + random.nextInt(9);
            orderRows.add(new Object[] {id, customer, status, country, total, quantity});
        }
        orders = new Rows("orders", "id, customer_id, status, country, total, quantity", orderRows);
        List<Object[]> paymentRows = new ArrayList<>();
        for (long id = 1; id <= PAYMENTS; id++) {
            long customer = id % 40 == 0 ? 123 : 1 + random.nextInt(CUSTOMERS);
            // The day follows from the id, so the random sequence (and every later table) stays as it was.
            java.time.LocalDate paidOn = id % 11 == 0 ? null : java.time.LocalDate.of(2026, 1, 1).plusDays(id * 7 % 120);
            paymentRows.add(new Object[] {id, customer, BigDecimal.valueOf(100 + random.nextLong(20_000), 2), paidOn});
        }
        payments = new Rows("payments", "id, customer_id, amount, paid_on", paymentRows);
        List<Object[]> lineRows = new ArrayList<>();
        for (long id = 1; id <= LINE_ITEMS; id++) {
            String account = id % 30 == 0 ? "a-7" : "a-" + (1 + random.nextInt(60));
            lineRows.add(new Object[] {id, account, 1 + random.nextLong(ORDERS), "sku-" + random.nextInt(25), 1 + random.nextInt(5)});
        }
        lineItems = new Rows("line_items", "id, account, order_id, sku, qty", lineRows);
        List<Object[]> ledgerRows = new ArrayList<>();
        for (long id = 1; id <= LEDGER; id++) {
            ledgerRows.add(new Object[] {id, 1 + random.nextLong(40), 1 + random.nextInt(1000)});
        }
        ledger = new Rows("ledger", "id, ref, amount", ledgerRows);
        List<Object[]> eventRows = new ArrayList<>();
        java.time.OffsetDateTime start = java.time.OffsetDateTime.parse("2025-12-30T22:15:07Z");
        String[] kinds = {"view", "cart", "buy", "refund"};
        for (long id = 1; id <= EVENTS; id++) {
            java.time.OffsetDateTime at = random.nextInt(12) == 0 ? null : start.plusSeconds(random.nextLong(90L * 24 * 3600)).plusNanos(
                    random.nextInt(1_000_000) * 1_000L);
            java.time.LocalDateTime local = at == null ? null : at.toLocalDateTime().plusHours(2).withNano(0).withSecond(1 + random.nextInt(58));
            String kind = random.nextInt(10) == 0 ? null : kinds[random.nextInt(kinds.length)];
            Json payload = switch (random.nextInt(6)) {
                case 0 -> null;
                case 1 -> new Json("{\"sku\": \"sku-" + random.nextInt(25) + "\", \"note\": \"Zoë ✓ " + id + "\"}");
                case 2 -> new Json("{\"sku\": null, \"qty\": " + (1 + random.nextInt(5)) + "}");
                default -> new Json("{\"sku\": \"sku-" + random.nextInt(25) + "\", \"qty\": " + (1 + random.nextInt(5)) + ", \"tag\": \"t"
                        + random.nextInt(4) + "\"}");
            };
            BigDecimal amount = random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextLong(100_000), 2);
            eventRows.add(new Object[] {id, 1 + random.nextLong(140), kind, at, local, payload, amount});
        }
        events = new Rows("events", "id, customer_id, kind, at, local_at, payload, amount", eventRows);
    }

    static ShopData generate() {
        return new ShopData();
    }

    /** The rows of the undeclared {@code notes} table one shard holds (each shard its own). */
    static Rows notesOf(int shardIndex) {
        List<Object[]> rows = new ArrayList<>();
        for (int j = 1; j <= NOTES_PER_SHARD; j++) {
            rows.add(new Object[] {shardIndex * 100 + j, "note " + shardIndex + "-" + j});
        }
        return new Rows("notes", "id, body", rows);
    }

    /** Everything once, in one database: the oracle. */
    void loadOracle(ShardSpec oracle, int shardCount) throws SQLException {
        try (Connection c = ShardFixture.connect(oracle)) {
            createSchema(c);
            for (Rows rows : List.of(countries, statuses, customers, orders, payments, lineItems, ledger, events)) {
                rows.insert(c);
            }
            for (int i = 0; i < shardCount; i++) {
                notesOf(i).insert(c);
            }
        }
    }

    /**
     * Reference rows on every shard, sharded rows on their owners (the ledger's owner from its key as the database
     * writes it as text: {@code 5.00} on PostgreSQL's numeric(12,2), {@code 5} on SQLite), stray copies on the next
     * shard, and each shard's own notes.
     */
    void loadShards(Topology topology, boolean postgres) throws SQLException {
        List<ShardSpec> shards = topology.shards();
        Map<String, List<Rows>> byShard = new LinkedHashMap<>();
        shards.forEach(s -> byShard.put(s.id(), new ArrayList<>(List.of(countries, statuses, notesOf(shards.indexOf(s))))));
        route(byShard, topology, customers, row -> String.valueOf(row[0]), row -> strayCustomer((Long) row[0]));
        route(byShard, topology, orders, row -> String.valueOf(row[1]), row -> strayCustomer((Long) row[1]));
        route(byShard, topology, payments, row -> String.valueOf(row[1]), row -> (Long) row[1] % 5 == 0);
        route(byShard, topology, lineItems, row -> (String) row[1], row -> strayAccount((String) row[1]));
        route(byShard, topology, ledger, row -> ledgerKeyText((Long) row[1], postgres), row -> (Long) row[0] % 3 == 0);
        route(byShard, topology, events, row -> String.valueOf(row[1]), row -> strayCustomer((Long) row[1]));
        for (ShardSpec shard : shards) {
            try (Connection c = ShardFixture.connect(shard)) {
                c.setAutoCommit(false);
                createSchema(c);
                for (Rows rows : byShard.get(shard.id())) {
                    rows.insert(c);
                }
                c.commit();
            }
        }
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
        }
    }

    /** Customers (and their orders) with a stray copy on the next shard: multiples of 5, and 123. */
    static boolean strayCustomer(long customer) {
        return customer % 5 == 0 || customer == 123;
    }

    static boolean strayAccount(String account) {
        return account.equals("a-7") || Integer.parseInt(account.substring(2)) % 4 == 0;
    }

    /** The text the database hashes for a ledger ref: numeric(12,2) prints two decimals on PostgreSQL, SQLite keeps the integer. */
    static String ledgerKeyText(long ref, boolean postgres) {
        return postgres ? BigDecimal.valueOf(ref).setScale(2).toPlainString() : Long.toString(ref);
    }

    /** The shard after {@code shardId} in the topology's order, where stray copies of its rows lie. */
    static String nextShard(Topology topology, String shardId) {
        List<String> ids = topology.shardIds();
        return ids.get((ids.indexOf(shardId) + 1) % ids.size());
    }

    private static void route(Map<String, List<Rows>> byShard, Topology topology, Rows rows, Function<Object[], String> keyText,
                              java.util.function.Predicate<Object[]> stray) {
        Map<String, List<Object[]>> routed = new LinkedHashMap<>();
        topology.shardIds().forEach(id -> routed.put(id, new ArrayList<>()));
        for (Object[] row : rows.rows()) {
            String owner = topology.ownerOf(keyText.apply(row));
            routed.get(owner).add(row);
            if (stray.test(row)) {
                routed.get(nextShard(topology, owner)).add(row);
            }
        }
        routed.forEach((id, list) -> byShard.get(id).add(new Rows(rows.table(), rows.columns(), list)));
    }

    /**
     * Writes a topology file over the shards: the sharded tables, the reference tables and the registry; returns it.
     */
    static Path writeTopology(Path file, String name, List<ShardSpec> shards, String registryUrl) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode().put("name", name).put("registry", registryUrl);
        root.putObject("routing").put("strategy", "hash-range").put("ranges", "equal");
        ArrayNode list = root.putArray("shards");
        shards.forEach(s -> list.addObject().put("id", s.id()).put("url", s.url()));
        ArrayNode tables = root.putArray("tables");
        table(tables, "customers", "id", "id");
        table(tables, "orders", "customer_id", "id");
        table(tables, "payments", "customer_id", "id");
        table(tables, "line_items", "account", "id");
        table(tables, "ledger", "ref", "id");
        table(tables, "events", "customer_id", "id");
        ArrayNode references = root.putArray("referenceTables");
        references.addObject().put("name", "countries").putArray("primaryKey").add("code");
        references.addObject().put("name", "statuses").putArray("primaryKey").add("code");
        try {
            Files.writeString(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void table(ArrayNode tables, String name, String shardKey, String primaryKey) {
        tables.addObject().put("name", name).put("shardKey", shardKey).putArray("primaryKey").add(primaryKey);
    }
}
