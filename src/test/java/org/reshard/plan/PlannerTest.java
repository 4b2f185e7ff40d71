package org.reshard.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.shard.ShardPools;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.topology.HashRange;
import org.reshard.topology.RoutingHash;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/** The planner on real SQLite and PostgreSQL shards: steps, exact row estimates, and every way planning fails. */
class PlannerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TableSpec CUSTOMERS = new TableSpec("customers", "id", List.of("id"));
    private static final TableSpec ORDERS = new TableSpec("orders", "customer_id", List.of("id"));
    private static final List<TableSpec> TABLES = List.of(CUSTOMERS, ORDERS);
    private static final List<String> CREATE_TABLES = List.of(
            "CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT NOT NULL)",
            "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, total NUMERIC NOT NULL)",
            "CREATE INDEX orders_customer ON orders (customer_id)");

    /** The shard key values of every row of each table, routed to shards by the old topology. */
    private static final Map<String, List<Long>> KEYS = keys();

    @TempDir
    Path dir;

    // ---- plans

    @Test
    void sqliteTwoToThreeEqualShards() throws Exception {
        Map<String, String> old = sqliteShards("shard-0", "shard-1");
        Map<String, String> next = sqliteShards("shard-0", "shard-1", "shard-2");
        Topology from = load(writeTopology("old.json", "orders-v1", equal(), old, TABLES));
        Topology to = load(writeTopology("new.json", "orders-v2", equal(), next, TABLES));
        fill(from, old);

        ReshardingPlan plan = plan(new ReshardingRequest(from, to));

        assertPlanMatchesTheRows(plan, from, to);
        assertThat(plan.steps()).hasSize(4);
        assertThat(plan.estimate().movedHashShare()).isCloseTo(0.5, offset(1e-12));
    }

    @Test
    void sqliteHashRingGainsAShard() throws Exception {
        Map<String, String> old = sqliteShards("a", "b", "c");
        Map<String, String> next = sqliteShards("a", "b", "c", "d");
        Topology from = load(writeTopology("old.json", "ring-3", ring(20), old, TABLES));
        Topology to = load(writeTopology("new.json", "ring-4", ring(20), next, TABLES));
        fill(from, old);

        ReshardingPlan plan = plan(new ReshardingRequest(from, to));

        assertPlanMatchesTheRows(plan, from, to);
        assertThat(plan.steps()).allSatisfy(step -> assertThat(step.targetShard()).isEqualTo("d"));
        assertThat(plan.steps()).anySatisfy(step -> assertThat(step.ranges()).hasSizeGreaterThan(1));
    }

    @Test
    void postgresTwoDatabasesToThree() throws Exception {
        try (PostgresTestDatabase db0 = PostgresTestDatabase.create("plan0");
             PostgresTestDatabase db1 = PostgresTestDatabase.create("plan1");
             PostgresTestDatabase db2 = PostgresTestDatabase.create("plan2")) {
            Map<String, String> old = orderedMap("pg-0", db0.url(), "pg-1", db1.url());
            Map<String, String> next = orderedMap("pg-0", db0.url(), "pg-1", db1.url(), "pg-2", db2.url());
            Topology from = load(writeTopology("old.json", "pg-v1", equal(), old, TABLES));
            Topology to = load(writeTopology("new.json", "pg-v2", equal(), next, TABLES));
            fill(from, old);
            db0.execute("ANALYZE");
            db1.execute("ANALYZE");

            ReshardingPlan plan = plan(new ReshardingRequest(from, to));

            assertPlanMatchesTheRows(plan, from, to);
            assertThat(plan.estimate().totalBytes()).isPositive();
            try (ShardPools pools = new ShardPools(from.shards()); Connection c = pools.connect("pg-0").orElseThrow()) {
                assertThat(pools.dialect("pg-0").estimatedRows(c, "orders"))
                        .as("statistics exist, yet a table this small is counted").isPresent();
            }
        }
    }

    @Test
    void onlyTheRequestedTables() throws Exception {
        Map<String, String> old = sqliteShards("shard-0", "shard-1");
        Topology from = load(writeTopology("old.json", "v1", equal(), old, TABLES));
        Topology to = load(writeTopology("new.json", "v2", equal(), sqliteShards("shard-0", "shard-1", "shard-2"), TABLES));
        fill(from, old);

        ReshardingPlan plan = plan(new ReshardingRequest(from, to, List.of("orders")));

        assertThat(plan.tables()).containsExactly("orders");
        assertThat(plan.steps()).hasSize(2).allSatisfy(step -> assertThat(step.table()).isEqualTo("orders"));
        assertThat(plan.estimate().totalRows()).isEqualTo(trueRows(from, "orders", plan.steps()));
    }

    @Test
    void aRenamedShardWithItsOwnDatabaseIsAMove() throws Exception {
        Map<String, String> old = sqliteShards("a", "b");
        Map<String, String> next = sqliteShards("a", "b2");
        Topology from = load(writeTopology("old.json", "v1", equal(), old, TABLES));
        Topology to = load(writeTopology("new.json", "v2", equal(), next, TABLES));
        fill(from, old);

        ReshardingPlan plan = plan(new ReshardingRequest(from, to));

        assertThat(plan.steps()).hasSize(2).allSatisfy(step -> {
            assertThat(step.sourceShard()).isEqualTo("b");
            assertThat(step.targetShard()).isEqualTo("b2");
            assertThat(step.ranges()).containsExactly(new HashRange(0, Long.MAX_VALUE));
        });
        assertPlanMatchesTheRows(plan, from, to);
    }

    @Test
    void rowEstimatesUsePlannerStatisticsOnlyAboveTheCountLimit() throws Exception {
        Map<String, String> old = sqliteShards("shard-0", "shard-1");
        Topology from = load(writeTopology("old.json", "v1", equal(), old, TABLES));
        Topology to = load(writeTopology("new.json", "v2", equal(), sqliteShards("shard-0", "shard-1", "shard-2"), TABLES));
        fill(from, old);

        fakeSqliteStatistics(old, RowEstimator.COUNT_LIMIT);
        ReshardingPlan atLimit = plan(new ReshardingRequest(from, to, List.of("orders")));
        assertThat(atLimit.steps()).allSatisfy(step -> assertThat(step.estimateMethod()).isEqualTo(EstimateMethod.COUNT));
        assertThat(atLimit.estimate().totalRows()).isEqualTo(trueRows(from, "orders", atLimit.steps()));

        long planned = RowEstimator.COUNT_LIMIT + 1;
        fakeSqliteStatistics(old, planned);
        ReshardingPlan aboveLimit = plan(new ReshardingRequest(from, to, List.of("orders")));
        Map<String, Double> shares = from.partition().shareByShard();
        assertThat(aboveLimit.steps()).hasSize(2).allSatisfy(step -> {
            assertThat(step.estimateMethod()).isEqualTo(EstimateMethod.STATISTICS);
            double shareOfSource = step.hashFraction() / shares.get(step.sourceShard());
            assertThat(step.estimatedRows()).isEqualTo(Math.round(planned * shareOfSource));
        });
    }

    // ---- failures

    @Test
    void identicalTopologies() throws Exception {
        Map<String, String> shards = sqliteShards("shard-0", "shard-1");
        Path file = writeTopology("old.json", "v1", equal(), shards, TABLES);
        Topology renamedCopy = load(writeTopology("copy.json", "v1-renamed", equal(), shards, TABLES));

        assertFailure(new ReshardingRequest(load(file), load(file)), ErrorCode.TOPOLOGIES_IDENTICAL);
        // Only what decides where rows live counts: a new topology name alone changes nothing.
        assertFailure(new ReshardingRequest(load(file), renamedCopy), ErrorCode.TOPOLOGIES_IDENTICAL);
    }

    @Test
    void samePartitionWithFewerTablesIsAnEmptyPlan() throws Exception {
        Map<String, String> shards = sqliteShards("shard-0", "shard-1");
        Topology from = load(writeTopology("old.json", "v1", equal(), shards, TABLES));
        Topology to = load(writeTopology("new.json", "v1-orders-only", equal(), shards, List.of(ORDERS)));

        ReshardError error = assertFailure(new ReshardingRequest(from, to), ErrorCode.EMPTY_PLAN);
        assertThat(error.message()).contains("no hash range changes owner");
    }

    @Test
    void unreachableSqliteShard() throws Exception {
        Map<String, String> old = sqliteShards("shard-0", "shard-1");
        Topology from = load(writeTopology("old.json", "v1", equal(), old, TABLES));
        Topology to = load(writeTopology("new.json", "v2", equal(), sqliteShards("shard-0", "shard-1", "shard-2"), TABLES));
        fill(from, old);
        Files.delete(Path.of(old.get("shard-1").substring("jdbc:sqlite:".length())));

        ReshardError error = assertFailure(new ReshardingRequest(from, to), ErrorCode.PLAN_GENERATION_FAILED);

        assertThat(error.message()).contains("shard-1");
        assertThat(error.cause()).isNotNull();
        assertThat(error.cause().code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE);
        assertThat(error.cause().message()).contains("shard shard-1").contains("does not exist");
    }

    @Test
    void unreachablePostgresShard() throws Exception {
        try (PostgresTestDatabase db0 = PostgresTestDatabase.create("reach0")) {
            String missing = PostgresTestDatabase.SERVER + "reshard_test_no_such_database";
            Map<String, String> old = orderedMap("pg-0", db0.url(), "pg-1", missing);
            Map<String, String> next = orderedMap("pg-0", db0.url(), "pg-1", missing, "pg-2", missing + "_too");
            Topology from = load(writeTopology("old.json", "v1", equal(), old, TABLES));
            Topology to = load(writeTopology("new.json", "v2", equal(), next, TABLES));
            try (Connection c = db0.connect()) {
                createTables(c);
            }

            ReshardError error = assertFailure(new ReshardingRequest(from, to), ErrorCode.PLAN_GENERATION_FAILED);

            assertThat(error.cause().code()).isEqualTo(ErrorCode.SHARD_UNREACHABLE);
            assertThat(error.cause().message()).contains("shard pg-1").contains("reshard_test_no_such_database");
        }
    }

    @Test
    void tableMissingOnAShard() throws Exception {
        Map<String, String> old = sqliteShards("shard-0", "shard-1");
        Topology from = load(writeTopology("old.json", "v1", equal(), old, TABLES));
        Topology to = load(writeTopology("new.json", "v2", equal(), sqliteShards("shard-0", "shard-1", "shard-2"), TABLES));
        fill(from, old);
        try (Connection c = DriverManager.getConnection(old.get("shard-1")); Statement s = c.createStatement()) {
            s.execute("DROP TABLE orders");
        }

        ReshardError error = assertFailure(new ReshardingRequest(from, to), ErrorCode.PLAN_GENERATION_FAILED);

        assertThat(error.message()).contains("table orders does not exist on shard shard-1");
    }

    @Test
    void tableDefinedDifferentlyInTheTwoTopologies() throws Exception {
        Map<String, String> old = sqliteShards("shard-0", "shard-1");
        TableSpec reKeyed = new TableSpec("orders", "id", List.of("id"));
        Topology from = load(writeTopology("old.json", "v1", equal(), old, TABLES));
        Topology to = load(writeTopology("new.json", "v2", equal(), sqliteShards("shard-0", "shard-1", "shard-2"), List.of(CUSTOMERS, reKeyed)));

        ReshardError error = assertFailure(new ReshardingRequest(from, to), ErrorCode.PLAN_GENERATION_FAILED);

        assertThat(error.details()).singleElement().asString().contains("table orders has shard key customer_id");
    }

    @Test
    void tableMissingFromTheCurrentTopology() throws Exception {
        Map<String, String> old = sqliteShards("shard-0", "shard-1");
        Topology from = load(writeTopology("old.json", "v1", equal(), old, List.of(ORDERS)));
        Topology to = load(writeTopology("new.json", "v2", equal(), sqliteShards("shard-0", "shard-1", "shard-2"), TABLES));

        ReshardError error = assertFailure(new ReshardingRequest(from, to), ErrorCode.PLAN_GENERATION_FAILED);

        assertThat(error.details()).singleElement().asString().contains("table customers is not listed in " + from.describeSource());
    }

    @Test
    void oneShardIdMustNameOneDatabaseInBothTopologies() throws Exception {
        Map<String, String> old = sqliteShards("shard-0", "shard-1");
        Map<String, String> moved = new LinkedHashMap<>(sqliteShards("shard-0", "shard-1", "shard-2"));
        moved.put("shard-1", "jdbc:sqlite:" + dir.resolve("elsewhere.db"));
        Topology from = load(writeTopology("old.json", "v1", equal(), old, TABLES));
        Topology to = load(writeTopology("new.json", "v2", equal(), moved, TABLES));

        ReshardError error = assertFailure(new ReshardingRequest(from, to), ErrorCode.PLAN_GENERATION_FAILED);

        assertThat(error.details()).singleElement().asString().contains("shard shard-1 is");
    }

    @Test
    void aShardRenamedButKeepingItsDatabaseIsRejected() throws Exception {
        Map<String, String> old = sqliteShards("a", "b");
        Map<String, String> renamed = orderedMap("a", old.get("a"), "b2", old.get("b"));
        Topology from = load(writeTopology("old.json", "v1", equal(), old, TABLES));
        Topology to = load(writeTopology("new.json", "v2", equal(), renamed, TABLES));
        fill(from, old);

        ReshardError error = assertFailure(new ReshardingRequest(from, to), ErrorCode.PLAN_GENERATION_FAILED);

        assertThat(error.details()).singleElement().asString().contains("shard b").contains("shard b2").contains(old.get("b"));
    }

    // ---- checks

    /** Steps match the diff's moves for every table; each estimate is the exact count of rows in its ranges. */
    private static void assertPlanMatchesTheRows(ReshardingPlan plan, Topology from, Topology to) {
        List<RangeMove> moves = TopologyDiff.moves(from.partition(), to.partition());
        assertThat(moves).isNotEmpty();
        assertThat(plan.tables()).containsExactly("customers", "orders");
        for (String table : plan.tables()) {
            List<PlanStep> steps = plan.steps().stream().filter(s -> s.table().equals(table)).toList();
            Set<RangeMove> covered = new HashSet<>();
            steps.forEach(step -> covered.add(new RangeMove(step.sourceShard(), step.targetShard(), step.ranges())));
            assertThat(covered).as("steps of %s", table).containsExactlyInAnyOrderElementsOf(moves);
            assertThat(steps).hasSameSizeAs(moves);
            for (PlanStep step : steps) {
                assertThat(step.estimateMethod()).isEqualTo(EstimateMethod.COUNT);
                assertThat(step.estimatedRows()).as("rows of step %s", step).isEqualTo(trueRows(from, table, List.of(step)));
            }
        }
        assertThat(plan.steps()).extracting(PlanStep::index).containsExactlyElementsOf(
                IntStream.rangeClosed(1, plan.steps().size()).boxed().toList());
        long trueTotal = trueRows(from, "customers", plan.steps()) + trueRows(from, "orders", plan.steps());
        assertThat(trueTotal).as("the rows really move").isPositive();
        assertThat(plan.estimate().totalRows()).isEqualTo(trueTotal)
                .isEqualTo(plan.steps().stream().mapToLong(PlanStep::estimatedRows).sum());
        assertThat(plan.estimate().totalBytes()).isEqualTo(plan.steps().stream().mapToLong(PlanStep::estimatedBytes).sum());
        assertThat(plan.estimate().movedHashShare()).isCloseTo(TopologyDiff.movedShare(from.partition(), to.partition()), offset(1e-12));
    }

    /** Rows of the table that live on a step's source (by the old topology) and hash into the step's ranges. */
    private static long trueRows(Topology from, String table, List<PlanStep> steps) {
        long rows = 0;
        for (PlanStep step : steps) {
            if (!step.table().equals(table)) {
                continue;
            }
            for (long key : KEYS.get(table)) {
                long hash = RoutingHash.hash(Long.toString(key));
                if (from.partition().ownerOf(hash).equals(step.sourceShard()) && step.ranges().stream().anyMatch(r -> r.contains(hash))) {
                    rows++;
                }
            }
        }
        return rows;
    }

    private static ReshardingPlan plan(ReshardingRequest request) {
        Result<ReshardingPlan> result = new Planner().plan(request);
        if (result instanceof Result.Failure<ReshardingPlan> failure) {
            throw new AssertionError("expected a plan: " + failure.error().describe());
        }
        return result.orElseThrow();
    }

    private static ReshardError assertFailure(ReshardingRequest request, ErrorCode code) {
        Result<ReshardingPlan> result = new Planner().plan(request);
        assertThat(result).isInstanceOf(Result.Failure.class);
        ReshardError error = ((Result.Failure<ReshardingPlan>) result).error();
        assertThat(error.code()).as(error.describe()).isEqualTo(code);
        return error;
    }

    // ---- fixtures

    /** SQLite shard files (created empty) in the temp folder, by id. */
    private Map<String, String> sqliteShards(String... ids) throws IOException {
        Map<String, String> urls = new LinkedHashMap<>();
        for (String id : ids) {
            Path file = dir.resolve(id + ".db");
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            urls.put(id, "jdbc:sqlite:" + file);
        }
        return urls;
    }

    /** Creates both tables on every shard of the old topology and inserts each row on the shard that owns its key. */
    private static void fill(Topology from, Map<String, String> urls) throws SQLException {
        Map<String, Connection> connections = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> shard : urls.entrySet()) {
                Connection c = connect(shard.getValue());
                connections.put(shard.getKey(), c);
                createTables(c);
                c.setAutoCommit(false);
            }
            insert(from, connections, "INSERT INTO customers (id, name) VALUES (?, ?)", KEYS.get("customers"),
                    (insert, i, key) -> {
                        insert.setLong(1, key);
                        insert.setString(2, "customer " + key);
                    });
            insert(from, connections, "INSERT INTO orders (id, customer_id, total) VALUES (?, ?, ?)", KEYS.get("orders"),
                    (insert, i, key) -> {
                        insert.setLong(1, i + 1);
                        insert.setLong(2, key);
                        insert.setBigDecimal(3, BigDecimal.valueOf(1000 + i, 2));
                    });
            for (Connection c : connections.values()) {
                c.commit();
            }
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
    }

    /** Binds one row's parameters. */
    private interface RowBinder {
        void bind(PreparedStatement insert, int index, long key) throws SQLException;
    }

    private static void insert(Topology from, Map<String, Connection> connections, String sql, List<Long> keys, RowBinder binder)
            throws SQLException {
        Map<String, PreparedStatement> inserts = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Connection> shard : connections.entrySet()) {
                inserts.put(shard.getKey(), shard.getValue().prepareStatement(sql));
            }
            for (int i = 0; i < keys.size(); i++) {
                PreparedStatement insert = inserts.get(from.ownerOf(Long.toString(keys.get(i))));
                binder.bind(insert, i, keys.get(i));
                insert.addBatch();
            }
            for (PreparedStatement insert : inserts.values()) {
                insert.executeBatch();
            }
        } finally {
            for (PreparedStatement insert : inserts.values()) {
                insert.close();
            }
        }
    }

    private static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : CREATE_TABLES) {
                s.execute(sql);
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        return url.startsWith("jdbc:postgresql:") ? DriverManager.getConnection(url, PostgresTestDatabase.USER, "") : DriverManager.getConnection(url);
    }

    /** Pretends ANALYZE counted {@code rows} in each old shard's orders table. */
    private static void fakeSqliteStatistics(Map<String, String> urls, long rows) throws SQLException {
        for (String url : urls.values()) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("ANALYZE");
                s.executeUpdate("UPDATE sqlite_stat1 SET stat = '" + rows + " 1' WHERE tbl = 'orders'");
            }
        }
    }

    private static Map<String, List<Long>> keys() {
        SplittableRandom random = new SplittableRandom(11);
        List<Long> customers = new ArrayList<>();
        for (long id = 1; id <= 600; id++) {
            customers.add(id);
        }
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            orders.add(1 + random.nextLong(600));
        }
        return Map.of("customers", List.copyOf(customers), "orders", List.copyOf(orders));
    }

    // ---- topology files

    private Path writeTopology(String fileName, String name, ObjectNode routing, Map<String, String> shards, List<TableSpec> tables)
            throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", name);
        root.put("registry", "jdbc:sqlite:registry.db");
        root.set("routing", routing);
        ArrayNode shardList = root.putArray("shards");
        shards.forEach((id, url) -> {
            ObjectNode shard = shardList.addObject().put("id", id).put("url", url);
            if (url.startsWith("jdbc:postgresql:")) {
                shard.put("user", PostgresTestDatabase.USER);
            }
        });
        ArrayNode tableList = root.putArray("tables");
        for (TableSpec table : tables) {
            ObjectNode node = tableList.addObject().put("name", table.name()).put("shardKey", table.shardKey());
            table.primaryKey().forEach(node.putArray("primaryKey")::add);
        }
        return Files.writeString(dir.resolve(fileName), MAPPER.writeValueAsString(root));
    }

    private static Topology load(Path file) {
        return new TopologyLoader(name -> null).load(file).orElseThrow();
    }

    private static ObjectNode equal() {
        return MAPPER.createObjectNode().put("strategy", "hash-range").put("ranges", "equal");
    }

    private static ObjectNode ring(int virtualNodes) {
        return MAPPER.createObjectNode().put("strategy", "hash-ring").put("virtualNodes", virtualNodes);
    }

    private static Map<String, String> orderedMap(String... idsAndUrls) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < idsAndUrls.length; i += 2) {
            map.put(idsAndUrls[i], idsAndUrls[i + 1]);
        }
        return map;
    }
}
