package org.reshard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * A DVD-rental-like schema on real PostgreSQL, moved from one shard to two: customer ← rental ← payment (partitioned by month)
 * sharded by customer_id (payment references rental by (customer_id, rental_id), so every key is
 * co-located), lookup tables store (a reference table of the topology) and film (declared nowhere) that
 * every shard holds, a BEFORE UPDATE trigger setting last_update = now() on every table, an enum and a
 * domain column, serial ids. The schema and the lookup rows are deployed to the new shard first.
 *
 * <p>A reference database starts with the same rows as shard-0; {@link RealSchemaWriter} mirrors each
 * acknowledged write into it, row as the shard returned it (last_update included), so at the end the rows
 * the shards own must equal the reference's, text for text.
 */
public final class RealSchemaFixture implements AutoCloseable {

    public static final List<String> SHARDED = List.of("customer", "rental", "payment");
    public static final List<String> LOOKUPS = List.of("store", "film");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ShardFixture fixture;
    private final PostgresTestDatabase reference;
    private final Path dir;
    private final List<ShardSpec> shards = new ArrayList<>();
    private final String registryUrl;
    private final Topology oldTopology;
    private final Topology newTopology;
    private final Path oldFile;
    private final Path newFile;

    /**
     * @param coLocated false: payment references rental by rental_id alone, a key that cannot hold across shards
     * @param customers how many customers shard-0 starts with (about 3 rentals and 3 payments each)
     */
    public RealSchemaFixture(Path dir, boolean coLocated, int customers) throws IOException, SQLException {
        this(dir, coLocated, customers, null);
    }

    /** {@code role}: the shards' URLs connect as this role instead of postgres (the registry stays postgres). */
    public RealSchemaFixture(Path dir, boolean coLocated, int customers, String role) throws IOException, SQLException {
        this.dir = dir;
        this.fixture = new ShardFixture(ShardFixture.Kind.POSTGRES, dir);
        for (int i = 0; i < 2; i++) {
            ShardSpec shard = fixture.shard("shard-" + i);
            shards.add(shard);
        }
        // The registry table lives in the reference database: one database fewer to create and drop per test.
        reference = PostgresTestDatabase.create("reference");
        registryUrl = reference.url() + "?user=" + PostgresTestDatabase.USER;
        for (ShardSpec shard : shards) {
            ShardFixture.execute(shard, schema(coLocated));
            ShardFixture.execute(shard, lookupRows());
        }
        reference.execute(schema(coLocated));
        reference.execute(lookupRows());
        ShardFixture.execute(shards.getFirst(), shardedRows(customers));
        reference.execute(shardedRows(customers));
        List<ShardSpec> connectAs = role == null ? shards : shards.stream()
                .map(s -> new ShardSpec(s.id(), s.url().replace("?user=" + PostgresTestDatabase.USER, "?user=" + role), null, null)).toList();
        oldFile = writeTopology("old.json", "rental-old", connectAs.subList(0, 1));
        newFile = writeTopology("new.json", "rental-new", connectAs);
        TopologyLoader loader = new TopologyLoader();
        oldTopology = loader.load(oldFile).orElseThrow();
        newTopology = loader.load(newFile).orElseThrow();
    }

    static String[] schema(boolean coLocated) {
        String paymentToRental = coLocated
                ? "CONSTRAINT payment_rental_fkey FOREIGN KEY (customer_id, rental_id) REFERENCES rental (customer_id, rental_id)"
                : "CONSTRAINT payment_rental_fkey FOREIGN KEY (rental_id) REFERENCES rental (rental_id)";
        List<String> sql = new ArrayList<>(List.of(
                "CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17')",
                "CREATE DOMAIN year AS integer CHECK (VALUE >= 1901 AND VALUE <= 2155)",
                """
                CREATE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  NEW.last_update = now();
                  RETURN NEW;
                END $$""",
                "CREATE TABLE store (store_id serial PRIMARY KEY, name text NOT NULL, last_update timestamptz NOT NULL DEFAULT now())",
                """
                CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL, release_year year, rating mpaa_rating DEFAULT 'G',
                  last_update timestamptz NOT NULL DEFAULT now())""",
                """
                CREATE TABLE customer (customer_id serial PRIMARY KEY, store_id integer NOT NULL REFERENCES store (store_id),
                  first_name text NOT NULL, email text, activebool boolean NOT NULL DEFAULT true, favourite mpaa_rating,
                  birth_year year, last_update timestamptz NOT NULL DEFAULT now())""",
                """
                CREATE TABLE rental (rental_id serial PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer (customer_id),
                  film_id integer NOT NULL REFERENCES film (film_id), rental_date timestamptz NOT NULL, return_date timestamptz,
                  last_update timestamptz NOT NULL DEFAULT now(), UNIQUE (customer_id, rental_id))""",
                "CREATE INDEX rental_film ON rental (film_id)",
                """
                CREATE TABLE payment (payment_id serial, customer_id integer NOT NULL REFERENCES customer (customer_id),
                  rental_id integer, amount numeric(5,2) NOT NULL, payment_date timestamptz NOT NULL,
                  last_update timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (payment_id, payment_date), %s)
                  PARTITION BY RANGE (payment_date)""".formatted(paymentToRental)));
        // Partitioned by month as the sample schema's payment is; the writer's new payments (now()) land in the default partition.
        for (int month = 1; month <= 6; month++) {
            sql.add("CREATE TABLE payment_p2021_%02d PARTITION OF payment FOR VALUES FROM ('2021-%02d-01 00:00:00+00') TO ('2021-%02d-01 00:00:00+00')"
                    .formatted(month, month, month + 1));
        }
        sql.add("CREATE TABLE payment_default PARTITION OF payment DEFAULT");
        for (String table : List.of("store", "film", "customer", "rental", "payment")) {
            sql.add("CREATE TRIGGER last_updated BEFORE UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION last_updated()");
        }
        return sql.toArray(String[]::new);
    }

    static String[] lookupRows() {
        return new String[] {
            "INSERT INTO store (name, last_update) VALUES ('Lethbridge', '2006-02-15 09:57:12+00'), ('Woodridge', '2006-02-15 09:57:12+00')",
            "INSERT INTO film (title, release_year, rating, last_update) SELECT 'Film ' || i, 1990 + i % 20,"
                    + " (ARRAY['G','PG','PG-13','R','NC-17'])[1 + i % 5]::mpaa_rating, '2013-05-26 14:50:58+00' FROM generate_series(1, 40) i"};
    }

    /** Deterministic rows with serial ids and explicit last_update values, the same on shard-0 and the reference. */
    static String[] shardedRows(int customers) {
        return new String[] {
            "INSERT INTO customer (store_id, first_name, email, favourite, birth_year, last_update) SELECT 1 + i % 2, 'Name ' || i,"
                    + " 'c' || i || '@example.org', (ARRAY['G','PG','PG-13','R','NC-17'])[1 + i % 5]::mpaa_rating,"
                    + " CASE WHEN i % 7 = 0 THEN NULL ELSE 1950 + i % 50 END, timestamptz '2020-01-01 00:00:00+00' + i * interval '1 minute'"
                    + " FROM generate_series(1, " + customers + ") i",
            "INSERT INTO rental (customer_id, film_id, rental_date, return_date, last_update) SELECT c.customer_id, 1 + (c.customer_id * 3 + j) % 40,"
                    + " timestamptz '2021-01-01 00:00:00+00' + (c.customer_id * 3 + j) * interval '1 hour',"
                    + " CASE WHEN j = 2 THEN NULL ELSE timestamptz '2021-01-05 00:00:00+00' + (c.customer_id * 3 + j) * interval '1 hour' END,"
                    + " timestamptz '2021-02-01 00:00:00+00' + (c.customer_id * 3 + j) * interval '1 second'"
                    + " FROM customer c CROSS JOIN generate_series(0, 2) j ORDER BY c.customer_id, j",
            "INSERT INTO payment (customer_id, rental_id, amount, payment_date, last_update) SELECT r.customer_id, r.rental_id,"
                    + " (r.rental_id % 10) + 0.99, r.rental_date + interval '1 day', timestamptz '2021-03-01 00:00:00+00' + r.rental_id * interval '1 second'"
                    + " FROM rental r ORDER BY r.rental_id"};
    }

    private Path writeTopology(String file, String name, List<ShardSpec> members) throws IOException {
        ObjectNode root = MAPPER.createObjectNode().put("name", name).put("registry", registryUrl);
        root.putObject("routing").put("strategy", "hash-range").put("ranges", "equal");
        ArrayNode list = root.putArray("shards");
        members.forEach(s -> list.addObject().put("id", s.id()).put("url", s.url()));
        ArrayNode tables = root.putArray("tables");
        Map<String, List<String>> keys = Map.of("customer", List.of("customer_id"), "rental", List.of("rental_id"),
                "payment", List.of("payment_id", "payment_date"));
        for (String table : SHARDED) {
            ArrayNode primaryKey = tables.addObject().put("name", table).put("shardKey", "customer_id").putArray("primaryKey");
            keys.get(table).forEach(primaryKey::add);
        }
        root.putArray("referenceTables").addObject().put("name", "store").putArray("primaryKey").add("store_id");
        Path path = dir.resolve(file);
        Files.writeString(path, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return path;
    }

    public Topology oldTopology() {
        return oldTopology;
    }

    public Topology newTopology() {
        return newTopology;
    }

    public Path oldFile() {
        return oldFile;
    }

    public Path newFile() {
        return newFile;
    }

    public Path stateFile() {
        return dir.resolve("state.db");
    }

    public String registryUrl() {
        return registryUrl;
    }

    public List<ShardSpec> shards() {
        return shards;
    }

    public ShardSpec shard(String id) {
        return shards.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    public PostgresTestDatabase reference() {
        return reference;
    }

    public void registerOldTopology() throws SQLException {
        new org.reshard.topology.TopologyRegistry(registryUrl).publish(oldTopology, java.time.Instant.now());
    }

    /** A writer routed by the registry that mirrors its acknowledged writes into the reference database. */
    public RealSchemaWriter startWriter(long seed) throws SQLException {
        return new RealSchemaWriter(registryUrl, reference, seed);
    }

    /** Each table's rows as text ({@code t::text}) by primary key. */
    public static Map<String, String> rows(Connection c, String table) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        String key = table + "_id";
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + key + "::text, t::text FROM " + table + " t ORDER BY " + key)) {
            while (r.next()) {
                rows.put(r.getString(1), r.getString(2));
            }
        }
        return rows;
    }

    /**
     * The rows each shard owns under the topology, merged, equal the reference database's row for row (full
     * text, last_update included); shards hold no rows they do not own (cleanup done, or rolled back);
     * every shard holds the lookup tables' rows unchanged; and nothing of reshard's is left on any shard.
     */
    public void assertEqualsReference(Topology topology) throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> expected = new TreeMap<>();
        try (Connection c = reference.connect()) {
            for (String table : SHARDED) {
                expected.put(table, rows(c, table));
            }
            for (String table : LOOKUPS) {
                expected.put(table, rows(c, table));
            }
        }
        Map<String, Map<String, String>> found = new TreeMap<>();
        for (ShardSpec shard : shards) {
            try (Connection c = ShardFixture.connect(shard)) {
                for (String table : SHARDED) {
                    Map<String, String> rows = rows(c, table);
                    Map<String, String> keys = shardKeys(c, table);
                    for (var row : rows.entrySet()) {
                        String owner = topology.ownerOf(keys.get(row.getKey()));
                        if (!owner.equals(shard.id())) {
                            problems.add(table + " " + row.getKey() + " is on " + shard.id() + " but " + owner + " owns it");
                        } else if (found.computeIfAbsent(table, t -> new TreeMap<>()).put(row.getKey(), row.getValue()) != null) {
                            problems.add(table + " " + row.getKey() + " is on two shards");
                        }
                    }
                }
                for (String table : LOOKUPS) {
                    if (!rows(c, table).equals(expected.get(table))) {
                        problems.add("lookup table " + table + " on " + shard.id() + " differs from the reference");
                    }
                }
                problems.addAll(leftovers(c, shard.id()));
            }
        }
        for (String table : SHARDED) {
            Map<String, String> want = expected.get(table);
            Map<String, String> have = found.getOrDefault(table, Map.of());
            for (String key : want.keySet()) {
                if (!want.get(key).equals(have.get(key))) {
                    problems.add(table + " " + key + ": reference " + want.get(key) + " but shards " + have.get(key));
                }
            }
            for (String key : have.keySet()) {
                if (!want.containsKey(key)) {
                    problems.add(table + " " + key + ": on the shards (" + have.get(key) + ") but not in the reference");
                }
            }
        }
        assertThat(problems).as("differences from the reference database (" + problems.size() + ")").isEmpty();
    }

    private static Map<String, String> shardKeys(Connection c, String table) throws SQLException {
        Map<String, String> keys = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT " + table + "_id::text, customer_id::text FROM " + table)) {
            while (r.next()) {
                keys.put(r.getString(1), r.getString(2));
            }
        }
        return keys;
    }

    /** Triggers, functions and tables whose names start with reshard_. */
    public static List<String> leftovers(Connection c, String shard) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT 'trigger ' || tgname FROM pg_trigger WHERE tgname LIKE 'reshard%'"
                        + " UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE proname LIKE 'reshard%'"
                        + " UNION ALL SELECT 'relation ' || relname FROM pg_class WHERE relname LIKE 'reshard%'")) {
            while (r.next()) {
                found.add(shard + " still has " + r.getString(1));
            }
        }
        return found;
    }

    @Override
    public void close() {
        try {
            fixture.close();
        } finally {
            reference.close();
        }
    }
}
