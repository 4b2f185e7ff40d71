package org.reshard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.reshard.query.OracleCase.keyOrdered;
import static org.reshard.query.OracleCase.ordered;
import static org.reshard.query.OracleCase.unordered;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.reshard.common.Result;
import org.reshard.observe.Telemetry;
import org.reshard.plan.ReshardingRequest;
import org.reshard.shard.ShardPools;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ReshardingScenario.Strategy;
import org.reshard.testing.ShardFixture;
import org.reshard.testing.ShardedTables;
import org.reshard.topology.Routing;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;
import org.reshard.workflow.CutoverGate;
import org.reshard.workflow.OperationControl;
import org.reshard.workflow.OperationProgress;
import org.reshard.workflow.ReshardingListener;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.ReshardingOrchestrator;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/** Scatter-gather answers at every moment of a resharding equal one database holding every row once (DESIGN 3.1 ownership). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OperationMomentsOracleTest {

    static final int ORDERS = 3_000;
    /** The seed {@link ReshardingScenario} fills its shards with; {@link ShardedTables#fill}'s rows depend only on it and the count. */
    private static final long SCENARIO_SEED = 42;
    /** Small batches so the copy has several per step and a stop after the first one leaves it half done. */
    private static final int BATCH_SIZE = 100;
    private static final Duration RETENTION = Duration.ofDays(1);

    private Path dir;
    private PostgresTestDatabase oracleDatabase;
    private ScenarioClock clock;
    private ReshardingScenario scenario;
    private SqliteStateStore store;
    private ReshardingOrchestrator orchestrator;
    private List<MomentQuery> queries;
    private long oracleOrders;
    private long oracleLines;

    private ReshardingOutcome stoppedMidCopy;
    private ReshardingOutcome stoppedAtGate;
    private ReshardingOutcome retaining;

    /** The resharding a subclass runs: which databases, how many shards before and after, how they route, how exact the comparison. */
    record Setup(ShardFixture.Kind kind, int fromShards, int toShards, Strategy strategy, OracleComparison comparison) {
    }

    private final Setup setup;

    OperationMomentsOracleTest(Setup setup) {
        this.setup = setup;
    }

    ShardFixture.Kind kind() {
        return setup.kind();
    }

    OracleComparison comparison() {
        return setup.comparison();
    }

    @BeforeAll
    void buildTheScenarioAndTheOracle() throws Exception {
        dir = Files.createTempDirectory("reshard-moments");
        scenario = new ReshardingScenario(setup.kind(), dir, setup.fromShards(), setup.strategy(), setup.toShards(), setup.strategy(), ORDERS);
        // The registry names the old topology before the operation, as a deployment would: "active" is then defined at every moment.
        scenario.registerOldTopology();
        oracleDatabase = PostgresTestDatabase.create("moments_oracle");
        ShardSpec oracle = new ShardSpec("oracle", oracleDatabase.url() + "?user=" + PostgresTestDatabase.USER);
        ShardedTables.create(oracle);
        // One shard owning the whole hash space: fill draws the same random sequence whatever the routing, so these are the shards' rows.
        ShardedTables.fill(Topology.of("oracle", null, null, new Routing.HashRanges(List.of(), true), List.of(oracle), ShardedTables.ALL),
                ORDERS, SCENARIO_SEED);
        oracleOrders = count(oracle, "orders");
        oracleLines = count(oracle, "line_items");
        queries = answered(oracle, momentQueries(oracle));
        clock = new ScenarioClock();
        store = SqliteStateStore.open(scenario.stateFile()).orElseThrow();
        orchestrator = new ReshardingOrchestrator(store, clock, new TopologyLoader(), Telemetry.global());
    }

    @AfterAll
    void dropEverything() throws IOException {
        if (store != null) {
            store.close();
        }
        if (scenario != null) {
            scenario.close();
        }
        if (oracleDatabase != null) {
            oracleDatabase.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    @Order(1)
    void beforeTheOperationStarts() throws Exception {
        assertThat(rawRows(scenario.oldTopology(), "orders")).as("the shards hold the oracle's orders once").isEqualTo(oracleOrders);
        assertMoment("before the operation", Queried.active(scenario.oldTopology()));
    }

    @Test
    @Order(2)
    void midCopy() throws Exception {
        OperationControl control = new OperationControl();
        Set<String> oldShards = Set.copyOf(scenario.oldTopology().shardIds());
        // Stop once a batch has landed on a shard the old topology also reads: from then on that shard holds rows it does not own.
        ReshardingListener stopAfterFirstBatch = new ReshardingListener() {
            @Override
            public void progress(OperationProgress progress) {
                if (progress.phase() == ReshardingPhase.COPYING
                        && progress.steps().stream().anyMatch(s -> oldShards.contains(s.target()) && s.rowsCopied() > 0)) {
                    control.requestStop("moment: mid-copy");
                }
            }
        };
        stoppedMidCopy = execute(options(Duration.ZERO), new RunHooks(stopAfterFirstBatch, CutoverGate.approveAlways(), control));
        assertThat(stoppedMidCopy).isInstanceOf(ReshardingOutcome.Stopped.class);
        assertThat(stoppedMidCopy.state().phase()).isEqualTo(ReshardingPhase.COPYING);
        assertThat(stoppedMidCopy.state().steps()).as("the copy is unfinished").anyMatch(s -> !s.copyDone());
        assertThat(rawRows(scenario.oldTopology(), "orders") + rawRows(scenario.oldTopology(), "line_items"))
                .as("the old topology's shards hold copies as well as their own rows").isGreaterThan(oracleOrders + oracleLines);
        assertMoment("mid-copy", Queried.active(scenario.oldTopology()));
    }

    @Test
    @Order(3)
    void afterRollbackFromMidCopy() throws Exception {
        assumeTrue(stoppedMidCopy != null, "the mid-copy moment did not stop an operation");
        rollBack(stoppedMidCopy);
        assertMoment("after a rollback from mid-copy", Queried.active(scenario.oldTopology()));
    }

    @Test
    @Order(4)
    void atTheCutoverGate() throws Exception {
        stoppedAtGate = execute(options(Duration.ZERO), RunHooks.approving().withGate(CutoverGate.deferAlways("moment: at the gate")));
        assertThat(stoppedAtGate).isInstanceOf(ReshardingOutcome.StoppedAtGate.class);
        assertThat(stoppedAtGate.state().phase()).isEqualTo(ReshardingPhase.CUTTING_OVER);
        assertThat(rawRows(scenario.oldTopology(), "orders")).as("copies on the old topology's shards").isGreaterThan(oracleOrders);
        assertThat(rawRows(scenario.newTopology(), "orders")).as("the new topology's shards hold every row").isGreaterThanOrEqualTo(oracleOrders);
        // Both topologies can answer here. Whether the not-yet-active new one is flagged is left open: only the active one must not be.
        assertMoment("at the cutover gate", Queried.active(scenario.oldTopology()), Queried.unchecked(scenario.newTopology()));
    }

    @Test
    @Order(5)
    void afterRollbackFromTheGate() throws Exception {
        assumeTrue(stoppedAtGate != null, "the gate moment did not stop an operation");
        rollBack(stoppedAtGate);
        assertMoment("after a rollback from the gate", Queried.active(scenario.oldTopology()));
    }

    @Test
    @Order(6)
    void duringRetentionAfterCutover() throws Exception {
        OperationControl control = new OperationControl();
        // Cleanup's first act is to wait out the retention; stopping there leaves every moved row on its source as well.
        ReshardingListener stopWhileRetaining = new ReshardingListener() {
            @Override
            public void phaseStarted(String id, ReshardingPhase phase) {
                if (phase == ReshardingPhase.CLEANING_UP) {
                    control.requestStop("moment: retention");
                }
            }
        };
        retaining = execute(options(RETENTION), new RunHooks(stopWhileRetaining, CutoverGate.approveAlways(), control));
        assertThat(retaining).isInstanceOf(ReshardingOutcome.Stopped.class);
        assertThat(retaining.state().phase()).isEqualTo(ReshardingPhase.CLEANING_UP);
        assertThat(new TopologyRegistry(scenario.registryUrl()).active().orElseThrow().name()).isEqualTo(scenario.newTopology().name());
        assertThat(rawRows(scenario.oldTopology(), "orders")).as("moved rows kept on the sources").isGreaterThan(oracleOrders);
        assertMoment("during retention after cutover", Queried.active(scenario.newTopology()), Queried.stale(scenario.oldTopology()));
    }

    @Test
    @Order(7)
    void afterCleanup() throws Exception {
        assumeTrue(retaining != null, "the retention moment did not stop an operation");
        // The retention is over as far as the orchestrator can tell; resume then deletes the moved rows from the sources.
        clock.advance(RETENTION.plusHours(1));
        ReshardingOutcome completed = orchestrator.resume(retaining.state().id(), RunHooks.approving()).orElseThrow();
        assertThat(completed.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);
        assertThat(rawRows(scenario.newTopology(), "orders")).as("each row once, on its owner").isEqualTo(oracleOrders);
        assertMoment("after cleanup", Queried.active(scenario.newTopology()));
    }

    /** The query set: every merge the engine does over both tables, and the shard-key equalities that should prune. */
    private List<MomentQuery> momentQueries(ShardSpec oracle) throws SQLException {
        Topology from = scenario.oldTopology();
        Topology to = scenario.newTopology();
        // Keys whose owner changes are the ones an answer can count twice; a key that stays shows pruning to an unchanged owner.
        List<Long> moving = customers(oracle).stream().filter(c -> !from.ownerOf(c.toString()).equals(to.ownerOf(c.toString()))).toList();
        List<Long> staying = customers(oracle).stream().filter(c -> from.ownerOf(c.toString()).equals(to.ownerOf(c.toString()))).toList();
        long x = moving.getFirst();
        long y = staying.getFirst();
        String in = "(" + moving.get(1) + ", " + moving.get(2) + ", " + y + ")";
        String account = movingAccount(oracle, from, to);
        List<MomentQuery> list = new ArrayList<>();
        databaseQueries().forEach(q -> list.add(new MomentQuery(q, null, null)));
        Stream.of(
                ordered("count(*) orders", "SELECT count(*) FROM orders"),
                ordered("count(*) line_items", "SELECT count(*) FROM line_items"),
                ordered("numeric aggregates", "SELECT count(total), sum(total), min(total), max(total), avg(total) FROM orders"),
                ordered("integer and numeric aggregates of line_items",
                        "SELECT sum(qty), avg(qty), min(qty), max(qty), sum(price), avg(price), min(price), max(price) FROM line_items"),
                ordered("min and max of a timestamp and of text", "SELECT min(placed_at), max(placed_at), min(status), max(status), count(note) FROM orders"),
                ordered("group by status", "SELECT status, count(*), sum(total), avg(total), max(id) FROM orders GROUP BY status ORDER BY status"),
                ordered("group by sku, ordered by an aggregate",
                        "SELECT sku, count(*), sum(qty) FROM line_items GROUP BY sku ORDER BY count(*) DESC, sku LIMIT 12"),
                ordered("order by with tie-breaker, limit and offset",
                        "SELECT id, customer_id, total FROM orders ORDER BY total DESC NULLS LAST, id LIMIT 20 OFFSET 30"),
                ordered("order by a key with ties, offset deep", "SELECT id, customer_id, status FROM orders ORDER BY customer_id, id LIMIT 25 OFFSET 900"),
                keyOrdered("order by without tie-breaker", "SELECT status, id FROM orders WHERE id <= 200 ORDER BY status", 0),
                unordered("distinct", "SELECT DISTINCT status FROM orders"),
                ordered("distinct ordered with limit", "SELECT DISTINCT sku FROM line_items ORDER BY sku LIMIT 15"),
                ordered("count distinct", "SELECT count(DISTINCT customer_id), count(DISTINCT status), count(DISTINCT total) FROM orders"),
                ordered("count distinct of the text shard key", "SELECT count(DISTINCT account), count(DISTINCT sku) FROM line_items"),
                ordered("where range filter", "SELECT count(*), sum(total), min(id), max(id) FROM orders WHERE total BETWEEN 1000 AND 5000"),
                ordered("timestamp range filter",
                        "SELECT count(*), max(total) FROM orders WHERE placed_at >= '2025-06-01T00:00:00Z' AND placed_at < '2025-09-01T00:00:00Z'"),
                ordered("customer_id IN (two moving, one staying)",
                        "SELECT customer_id, count(*), sum(total) FROM orders WHERE customer_id IN " + in + " GROUP BY customer_id ORDER BY customer_id"),
                ordered("line_items by account", "SELECT account, count(*), sum(qty), sum(price) FROM line_items GROUP BY account"
                        + " ORDER BY sum(price) DESC, account LIMIT 15"),
                ordered("orders by primary key", "SELECT id, customer_id, placed_at, total, status, note FROM orders ORDER BY id LIMIT 60"),
                ordered("orders by primary key descending with offset", "SELECT * FROM orders ORDER BY id DESC LIMIT 10 OFFSET 5"),
                ordered("line_items by composite primary key", "SELECT * FROM line_items ORDER BY order_id, line_no LIMIT 40"),
                unordered("every order's key, each once", "SELECT id, customer_id FROM orders"),
                unordered("every line's key, each once", "SELECT order_id, line_no, account FROM line_items"),
                // Federated: a join off the shard keys, a subquery and a window read every shard's rows under the ownership filter.
                unordered("federated join off the shard keys", "SELECT o.status, count(*), sum(l.qty) FROM orders o JOIN line_items l"
                        + " ON l.order_id = o.id GROUP BY o.status"),
                unordered("federated IN subquery", "SELECT count(*), sum(total) FROM orders WHERE id IN (SELECT order_id FROM line_items WHERE qty > 2)"),
                unordered("federated window", "SELECT id, row_number() OVER (PARTITION BY customer_id ORDER BY id) AS n FROM orders WHERE id <= 300"))
                .forEach(q -> list.add(new MomentQuery(q, null, null)));
        list.add(new MomentQuery(ordered("customer_id = moving " + x, "SELECT id, customer_id, status, total, note FROM orders WHERE customer_id = "
                + x + " ORDER BY id"), Long.toString(x), null));
        list.add(new MomentQuery(ordered("aggregate where customer_id = moving " + x, "SELECT count(*), sum(total) FROM orders WHERE customer_id = " + x),
                Long.toString(x), null));
        list.add(new MomentQuery(ordered("customer_id = staying " + y, "SELECT id, total FROM orders WHERE customer_id = " + y + " ORDER BY id"),
                Long.toString(y), null));
        list.add(new MomentQuery(ordered("account = moving " + account, "SELECT order_id, line_no, sku, qty, price FROM line_items WHERE account = '"
                + account + "' ORDER BY order_id, line_no"), account, null));
        return list;
    }

    /** Queries only this kind of database answers (its own functions), asked at every moment with the rest. */
    List<OracleCase> databaseQueries() {
        return List.of();
    }

    /** Customers with at least three orders, so their equality queries return several rows. */
    private static List<Long> customers(ShardSpec oracle) throws SQLException {
        return OracleComparison.ask(oracle, "SELECT customer_id FROM orders GROUP BY customer_id HAVING count(*) >= 3 ORDER BY customer_id")
                .rows().stream().map(r -> (Long) r.getFirst()).toList();
    }

    private static String movingAccount(ShardSpec oracle, Topology from, Topology to) throws SQLException {
        return OracleComparison.ask(oracle, "SELECT account FROM line_items GROUP BY account HAVING count(*) >= 3 ORDER BY account")
                .rows().stream().map(r -> (String) r.getFirst())
                .filter(a -> !from.ownerOf(a).equals(to.ownerOf(a))).findFirst().orElseThrow();
    }

    /** Asks the oracle once per query: it never changes. */
    private static List<MomentQuery> answered(ShardSpec oracle, List<MomentQuery> unanswered) throws SQLException {
        List<MomentQuery> list = new ArrayList<>();
        for (MomentQuery q : unanswered) {
            list.add(new MomentQuery(q.query(), q.prunedKey(), OracleComparison.ask(oracle, q.query().oracleSql())));
        }
        return list;
    }

    /**
     * Runs the whole query set on each topology and fails once with every problem found, so one run shows which
     * queries, topologies and result fields are wrong at this moment.
     */
    private void assertMoment(String moment, Queried... topologies) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Queried queried : topologies) {
            problems.addAll(problemsOn(queried));
        }
        assertThat(problems).as("%s: %d problems", moment, problems.size()).isEmpty();
    }

    private List<String> problemsOn(Queried queried) throws Exception {
        Topology topology = queried.topology();
        String on = "[" + topology.name() + "] ";
        List<String> problems = new ArrayList<>();
        List<String> warningProblems = new ArrayList<>();
        try (ShardPools pools = new ShardPools(topology.shards()); QueryEngine engine = new QueryEngine(topology, pools)) {
            for (MomentQuery q : queries) {
                String where = on + q.query().name() + ": ";
                Result<QueryResult> result = engine.execute(QueryRequest.of(q.query().sql()));
                if (result instanceof Result.Failure<QueryResult> failure) {
                    problems.add(where + "failed: " + failure.error().describe());
                    continue;
                }
                QueryResult merged = result.orElseThrow();
                if (merged.partial() || !merged.failedShards().isEmpty()) {
                    problems.add(where + "shards failed: " + merged.failedShards());
                }
                try {
                    comparison().assertSame(q.query(), merged, q.expected());
                } catch (AssertionError e) {
                    problems.add(where + "answer differs from the oracle (" + merged.rows().size() + " rows, oracle "
                            + q.expected().rows().size() + "): " + shorten(e.getMessage()));
                }
                if (q.prunedKey() != null) {
                    String owner = topology.ownerOf(q.prunedKey());
                    if (!merged.scope().shards().equals(List.of(owner)) || !merged.scope().describe().startsWith("1 of ")) {
                        problems.add(where + "scope should be the key's owner " + owner + " alone, was " + merged.scope().shards()
                                + " (\"" + merged.scope().describe() + "\")");
                    }
                }
                List<String> codes = merged.warnings().stream().map(QueryWarning::code).toList();
                if (queried.expect() == Expect.STALE && !codes.contains(QueryWarning.STALE_TOPOLOGY)) {
                    warningProblems.add(q.query().name() + " " + codes);
                }
                if (queried.expect() == Expect.NO_WARNINGS && !codes.isEmpty()) {
                    warningProblems.add(q.query().name() + " " + merged.warnings());
                }
            }
        }
        if (!warningProblems.isEmpty()) {
            // One line for all queries: the warning is about the topology, not the query.
            problems.add(on + (queried.expect() == Expect.STALE
                    ? QueryWarning.STALE_TOPOLOGY + " missing (the registry's active version is another topology) on "
                    : "warnings on the registry's active topology, expected none, on ")
                    + warningProblems.size() + " of " + queries.size() + " queries, e.g. " + warningProblems.getFirst());
        }
        return problems;
    }

    private static String shorten(String message) {
        String flat = message.replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }

    private ReshardingOutcome execute(ReshardingOptions options, RunHooks hooks) {
        var plan = orchestrator.plan(new ReshardingRequest(scenario.oldTopology(), scenario.newTopology())).orElseThrow();
        return orchestrator.execute(plan, options, hooks).orElseThrow();
    }

    private void rollBack(ReshardingOutcome stopped) throws SQLException {
        ReshardingOutcome rolledBack = orchestrator.rollback(stopped.state().id(), RunHooks.approving()).orElseThrow();
        assertThat(rolledBack.state().phase()).isEqualTo(ReshardingPhase.ROLLED_BACK);
        assertThat(rawRows(scenario.oldTopology(), "orders")).as("copies deleted").isEqualTo(oracleOrders);
        assertThat(rawRows(scenario.oldTopology(), "line_items")).as("copies deleted").isEqualTo(oracleLines);
    }

    /** No concurrent writer, so the lag is nil and the oracle stays exact; small batches for a mid-copy stop. */
    private static ReshardingOptions options(Duration retention) {
        return ReshardingOptions.DEFAULTS.withBatchSize(BATCH_SIZE).withLagThreshold(Duration.ofMillis(500)).withRetention(retention);
    }

    /** Rows physically on the topology's shards, owned or not: what a query without the ownership filter would count. */
    private static long rawRows(Topology topology, String table) throws SQLException {
        long rows = 0;
        for (ShardSpec shard : topology.shards()) {
            rows += count(shard, table);
        }
        return rows;
    }

    private static long count(ShardSpec shard, String table) throws SQLException {
        try (Connection c = ShardFixture.connect(shard); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** One query with the oracle's answer and, for a shard-key equality, the key whose owner alone should run it. */
    private record MomentQuery(OracleCase query, String prunedKey, OracleComparison.Oracle expected) {
    }

    /** What the warnings must say for a queried topology. */
    private enum Expect { NO_WARNINGS, STALE, UNCHECKED }

    /** A topology queried at a moment and what its warnings must say. */
    private record Queried(Topology topology, Expect expect) {

        static Queried active(Topology topology) {
            return new Queried(topology, Expect.NO_WARNINGS);
        }

        static Queried stale(Topology topology) {
            return new Queried(topology, Expect.STALE);
        }

        static Queried unchecked(Topology topology) {
            return new Queried(topology, Expect.UNCHECKED);
        }
    }

    /** The system clock, moved forward on demand so a resume finds the retention over without waiting a day. */
    private static final class ScenarioClock extends Clock {

        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
