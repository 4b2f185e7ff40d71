package org.reshard.ui.query;

import java.time.Duration;
import org.reshard.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.demo.DemoWorkspace;
import org.reshard.demo.DemoWorkspaceBuilder;
import org.reshard.testing.OrdersTopologyFile;
import org.reshard.testing.ShardFixture;
import org.reshard.testing.TestTelemetry;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;
import org.reshard.state.ReshardingStateStore;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyJson;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;
import org.reshard.ui.ConsoleSession;
import org.reshard.ui.ConsoleSettings;

/**
 * The query editor's view-model on real shards (the SQLite demo, a missing shard, PostgreSQL), without a
 * window; a single thread stands in for the JavaFX Application Thread.
 */
class QueryViewModelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long DEMO_ROWS = 2_000;

    @TempDir
    Path home;

    private final ExecutorService ui = Executors.newSingleThreadExecutor();
    private ConsoleSession session;
    private QueryViewModel model;
    private DemoWorkspace demo;

    @BeforeEach
    void open() throws Exception {
        demo = new DemoWorkspaceBuilder(home.resolve("demo"), DEMO_ROWS, false).build().orElseThrow();
        model = onUi(() -> {
            session = new ConsoleSession(new ConsoleSettings(home, DEMO_ROWS), ui::execute, new TestTelemetry().telemetry());
            return new QueryViewModel(session);
        });
    }

    @AfterEach
    void close() throws Exception {
        onUi(() -> {
            model.close();
            session.close();
            return null;
        });
        ui.shutdownNow();
    }

    @Test
    void theStatementAtTheCaretRunsOnEveryShardAndMergesExactly() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        String sql = "SELECT 1;\nSELECT count(*) AS orders, sum(items) AS items FROM orders;\n";
        onUi(() -> {
            model.sqlProperty().set(sql);
            model.caretProperty().set(sql.indexOf("count"));
            model.runCurrent();
            return null;
        });
        await(() -> !model.runningProperty().get());

        assertThat(model.messageProperty().get()).isNull();
        assertThat(model.columns()).extracting(c -> c.name()).containsExactly("orders", "items");
        assertThat(model.rows()).containsExactly(List.of(DEMO_ROWS, sumOfItemsInTheDemo()));
        assertThat(model.shardStatus()).extracting(ShardStatusRow::shardId, ShardStatusRow::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shard-0", ShardState.DONE), org.assertj.core.groups.Tuple.tuple("shard-1", ShardState.DONE));
        assertThat(model.summaryProperty().get()).startsWith("1 row from 2 of 2 shards");
        assertThat(model.history().getFirst().sql()).isEqualTo("SELECT count(*) AS orders, sum(items) AS items FROM orders");
        assertThat(model.history().getFirst().outcome()).isEqualTo("1 row");
    }

    @Test
    void currentTopologyFollowsTheRegistryToTheTopologyACutoverPublished() throws Exception {
        Topology v1 = new TopologyLoader().load(demo.oldTopology()).orElseThrow();
        Topology v2 = new TopologyLoader().load(demo.newTopology()).orElseThrow();
        onUi(() -> {
            session.targetTopologyProperty().set(v2);
            return null;
        });
        use(v1);
        assertThat(model.topologyNoticeProperty().get()).isNull();
        assertThat(model.subtitleProperty().get()).isEqualTo("On orders-v1, the registry's active topology (version 1) · 2 of 2 shards · read-only");

        // What a cutover leaves behind: the table on the new shard, the new version in the registry and the operation that published it.
        createOrdersOnTheNewShard();
        Instant cutover = Instant.parse("2026-12-06T10:15:30Z");
        long version = new TopologyRegistry(v1.registryUrl()).publish(v2, cutover);
        session.store().save(publishedBy("op-7", v1, v2, version, cutover), ReshardingStateStore.Durability.PHASE_TRANSITION).orElseThrow();
        onUi(() -> {
            model.refreshActive();
            return null;
        });
        await(() -> model.topologyProperty().get() == v2);

        assertThat(model.shards()).extracting(ShardChoice::id).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(model.subtitleProperty().get()).isEqualTo("On orders-v2, the registry's active topology (version 2) · 3 of 3 shards · read-only");
        QueryMessage banner = model.topologyNoticeProperty().get();
        assertThat(banner.title()).isEqualTo("Queries now run on orders-v2, the registry's active topology since "
                + TopologyNotice.time(cutover, java.time.ZoneId.systemDefault()) + " (cutover of operation op-7)");
        run("SELECT count(*) FROM orders");
        assertThat(model.shardStatus()).extracting(ShardStatusRow::shardId).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(model.summaryProperty().get()).startsWith("1 row from 3 of 3 shards · on orders-v2 · ");
        assertThat(model.warningsProperty().get()).isNull();
        assertThat(model.history().getFirst().topology()).isEqualTo("orders-v2");

        // The target topology is now the active one, so choosing it needs no banner either.
        onUi(() -> {
            model.targetProperty().set(QueryViewModel.Target.TARGET);
            return null;
        });
        assertThat(model.topologyProperty().get()).isSameAs(v2);
        assertThat(model.topologyNoticeProperty().get()).isNull();
    }

    @Test
    void nothingRunsUntilTheRegistryHasAnsweredForANewWorkspace() throws Exception {
        Topology v1 = new TopologyLoader().load(demo.oldTopology()).orElseThrow();
        boolean couldRunAtOnce = onUi(() -> {
            session.currentTopologyProperty().set(v1);
            return model.canRunProperty().get() || model.topologyProperty().get() != null;
        });

        assertThat(couldRunAtOnce).isFalse();
        await(() -> model.canRunProperty().get());
        assertThat(model.topologyProperty().get()).isSameAs(v1);
    }

    @Test
    void onlyTheChosenShardsRunAndTheSelectionWins() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        onUi(() -> {
            model.shards().getFirst().selectedProperty().set(false);
            model.selectionProperty().set("SELECT count(*) FROM orders;");
            model.runCurrent();
            return null;
        });
        await(() -> !model.runningProperty().get());

        assertThat(model.shardStatus()).extracting(ShardStatusRow::shardId).containsExactly("shard-1");
        assertThat(model.rows()).containsExactly(List.of(countOn("shard-1")));
    }

    @Test
    void aRefusedQueryExplainsItselfInTheEditorsWords() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        // A hypothetical-set aggregate: neither the merge nor the federated engine answers it.
        run("SELECT status, rank(5) WITHIN GROUP (ORDER BY id) FROM orders GROUP BY status");

        QueryMessage message = model.messageProperty().get();
        assertThat(message.kind()).isEqualTo(QueryMessage.Kind.ERROR);
        assertThat(message.title()).isEqualTo("Refused (reshard.query.unsupported)");
        assertThat(message.text()).contains("rank() WITHIN GROUP is not federated").contains("tick Raw per-shard rows").doesNotContain("--raw");
        assertThat(model.rows()).isEmpty();
        assertThat(model.history().getFirst().outcome()).isEqualTo("reshard.query.unsupported");
    }

    @Test
    void writesAreRefusedUntilUnlockedAndNothingChanges() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        long before = countOn("shard-0");
        run("DELETE FROM orders");

        assertThat(model.messageProperty().get().text()).contains("writes are locked").contains("Unlock writes in the toolbar");
        assertThat(countOn("shard-0")).isEqualTo(before);
    }

    @Test
    void aMissingShardGivesAPartialResultWithAWarningNamingIt() throws Exception {
        Topology withDead = topologyWithADeadShard();
        use(withDead);
        run("SELECT count(*) FROM orders");

        // The live shards answer for the rows they own under this topology; dead-1's third of the hash space is missing.
        assertThat(model.rows()).containsExactly(List.of(ownedBy(withDead, "shard-0") + ownedBy(withDead, "shard-1")));
        QueryMessage message = model.messageProperty().get();
        assertThat(message.kind()).isEqualTo(QueryMessage.Kind.WARNING);
        assertThat(message.title()).isEqualTo("Partial result: 1 of 3 shards failed");
        assertThat(message.text()).contains("dead-1: reshard.shard.unreachable");
        assertThat(model.shardStatus()).filteredOn(r -> r.state() == ShardState.FAILED).extracting(ShardStatusRow::shardId).containsExactly("dead-1");

        onUi(() -> {
            model.options().partialResultsProperty().set(false);
            return null;
        });
        run("SELECT count(*) FROM orders");
        assertThat(model.rows()).isEmpty();
        assertThat(model.messageProperty().get().title()).isEqualTo("Shards failed (reshard.query.partial_failure)");
        assertThat(model.messageProperty().get().text()).contains("leave out the failed shards in the Shards picker");
    }

    @Test
    void theRowLimitCutsTheGridAndSaysSo() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        onUi(() -> {
            model.options().rowLimitProperty().set("10");
            return null;
        });
        run("SELECT id FROM orders ORDER BY id");

        assertThat(model.rows()).hasSize(10).first().isEqualTo(List.of(1L));
        assertThat(model.summaryProperty().get()).startsWith("First 10 rows");
        assertThat(model.messageProperty().get().kind()).isEqualTo(QueryMessage.Kind.INFO);
    }

    @Test
    void pagesGoForwardAndBackByTheRowLimitAndStopAtTheLastRow() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        onUi(() -> {
            model.options().rowLimitProperty().set("600");
            return null;
        });
        run("SELECT id FROM orders ORDER BY id");
        assertThat(model.pageProperty().get()).isEqualTo(1);
        assertThat(model.hasNextPageProperty().get()).isTrue();
        int historySize = model.history().size();

        onUi(() -> {
            model.nextPage();
            return null;
        });
        await(() -> !model.runningProperty().get());
        assertThat(model.pageProperty().get()).isEqualTo(2);
        assertThat(model.rows()).hasSize(600).first().isEqualTo(List.of(601L));
        assertThat(model.summaryProperty().get()).startsWith("Page 2, rows 601–1,200 · First 600 rows");
        onUi(() -> {
            model.nextPage();
            return null;
        });
        await(() -> !model.runningProperty().get());
        onUi(() -> {
            model.nextPage();
            return null;
        });
        await(() -> !model.runningProperty().get());
        // 2,000 rows: the fourth page holds the last 200 and there is none after it.
        assertThat(model.pageProperty().get()).isEqualTo(4);
        assertThat(model.rows()).hasSize(200).last().isEqualTo(List.of(2_000L));
        assertThat(model.hasNextPageProperty().get()).isFalse();
        onUi(() -> {
            model.nextPage();
            model.previousPage();
            return null;
        });
        await(() -> !model.runningProperty().get());
        assertThat(model.pageProperty().get()).isEqualTo(3);
        assertThat(model.rows()).first().isEqualTo(List.of(1_201L));
        // Paging runs the same statement again; only its first run is a history entry.
        assertThat(model.history()).hasSize(historySize);
        run("SELECT id FROM orders ORDER BY id");
        assertThat(model.pageProperty().get()).isEqualTo(1);
    }

    @Test
    void theMemoryOptionBoundsAFederatedQuery() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        assertThat(model.options().memoryProperty().get()).isEqualTo("512MB");
        onUi(() -> {
            model.options().memoryProperty().set("plenty");
            return null;
        });
        assertThat(model.options().problemProperty().get()).isEqualTo("Memory: 'plenty' is not a size: write it like 512MB, 2GB or 64m");
        assertThat(model.canRunProperty().get()).isFalse();

        // A derived table with LIMIT runs federated; 4 KiB cannot hold the rows it reads.
        onUi(() -> {
            model.options().memoryProperty().set("4k");
            return null;
        });
        assertThat(model.canRunProperty().get()).isTrue();
        String federated = "SELECT count(*) FROM (SELECT id FROM orders ORDER BY id LIMIT 1000) x";
        run(federated);
        assertThat(model.rows()).isEmpty();
        assertThat(model.messageProperty().get().kind()).isEqualTo(QueryMessage.Kind.ERROR);
        assertThat(model.messageProperty().get().title()).contains("reshard.query.too_large");

        onUi(() -> {
            model.options().memoryProperty().set("64MB");
            return null;
        });
        run(federated);
        assertThat(model.rows()).containsExactly(List.of(1_000L));
    }

    @Test
    void theConsoleSettingsGiveTheEditorsFirstMemoryBudget() throws Exception {
        ConsoleSettings settings = ConsoleSettings.fromParameters(java.util.Map.of("home", home.toString(), "query-memory", "2GB"));
        QueryViewModel other = onUi(() -> new QueryViewModel(new ConsoleSession(settings, ui::execute, new TestTelemetry().telemetry())));

        assertThat(other.options().memoryProperty().get()).isEqualTo("2GB");
        assertThat(other.options().memoryValue()).isEqualTo(2L << 30);
        onUi(() -> {
            other.close();
            return null;
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsoleSettings.fromParameters(java.util.Map.of("query-memory", "lots")))
                .hasMessageStartingWith("--query-memory: 'lots' is not a size");
    }

    @Test
    void invalidOptionsNameTheOptionAndBlockRunning() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        onUi(() -> {
            model.options().timeoutProperty().set("soon");
            return null;
        });
        assertThat(model.options().problemProperty().get()).startsWith("Timeout: ");
        assertThat(model.canRunProperty().get()).isFalse();
        onUi(() -> {
            model.options().timeoutProperty().set("5s");
            model.options().parallelismProperty().set("0");
            return null;
        });
        assertThat(model.options().problemProperty().get()).isEqualTo("Parallelism: at least 1 shard at a time, or 'all'");
        onUi(() -> {
            model.options().parallelismProperty().set("1");
            return null;
        });
        assertThat(model.canRunProperty().get()).isTrue();
    }

    @Test
    void exportsWriteTheShownRowsAsCsvAndJson() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        run("SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY status LIMIT 2");
        Path csv = home.resolve("out.csv");
        Path json = home.resolve("out.json");
        java.util.concurrent.CompletableFuture<String> csvDone = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<String> jsonDone = new java.util.concurrent.CompletableFuture<>();
        onUi(() -> {
            model.export(csv, QueryViewModel.ExportFormat.CSV, problem -> csvDone.complete(String.valueOf(problem)));
            model.export(json, QueryViewModel.ExportFormat.JSON, problem -> jsonDone.complete(String.valueOf(problem)));
            return null;
        });
        assertThat(csvDone.get(30, TimeUnit.SECONDS)).isEqualTo("null");
        assertThat(jsonDone.get(30, TimeUnit.SECONDS)).isEqualTo("null");

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).isEqualTo("status,n");
        assertThat(lines.get(1)).isEqualTo(model.rows().getFirst().get(0) + "," + model.rows().getFirst().get(1));
        var root = MAPPER.readTree(json.toFile());
        assertThat(root.path("rows")).hasSize(2);
        assertThat(root.path("rows").get(0).get(1).asLong()).isEqualTo((Long) model.rows().getFirst().get(1));
        assertThat(Files.readString(json)).doesNotContain("jdbc:");
        assertThat(model.noticeProperty().get()).contains("Saved 2 rows");
    }

    @Test
    void theHistoryOutlivesTheWindow() throws Exception {
        use(new TopologyLoader().load(demo.oldTopology()).orElseThrow());
        run("SELECT count(*) FROM orders");
        run("SELECT max(id) FROM orders");
        run("SELECT count(*) FROM orders");

        QueryViewModel reopened = onUi(() -> new QueryViewModel(session));
        assertThat(reopened.history()).extracting(HistoryEntry::sql).containsExactly("SELECT count(*) FROM orders", "SELECT max(id) FROM orders");
        assertThat(Files.readString(session.settings().queryHistoryFile())).doesNotContain("jdbc:");
        onUi(() -> {
            reopened.recall(reopened.history().get(1));
            return null;
        });
        assertThat(reopened.sqlProperty().get()).isEqualTo("SELECT max(id) FROM orders\n");
        reopened.close();
    }

    @Test
    void cancellingStopsALongPostgresQuery(@TempDir Path dir) throws Exception {
        try (ShardFixture postgres = new ShardFixture(ShardFixture.Kind.POSTGRES, dir)) {
            use(topology(dir, List.of(postgres.shard("pg-0"), postgres.shard("pg-1"))));
            onUi(() -> {
                model.options().rawRowsProperty().set(true);
                model.sqlProperty().set("SELECT pg_sleep(30)");
                model.runCurrent();
                return null;
            });
            await(() -> model.shardStatus().stream().anyMatch(r -> r.state() == ShardState.RUNNING));
            long start = System.nanoTime();
            onUi(() -> {
                model.cancel();
                return null;
            });
            await(() -> !model.runningProperty().get());

            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
            assertThat(model.messageProperty().get().title()).isEqualTo("Cancelled (reshard.query.cancelled)");
        }
    }

    private void run(String sql) throws Exception {
        onUi(() -> {
            model.sqlProperty().set(sql);
            model.caretProperty().set(0);
            model.runCurrent();
            return null;
        });
        await(() -> !model.runningProperty().get());
    }

    /** Loads a current topology and waits until its registry has been read (these registries hold it, or nothing). */
    private void use(Topology topology) throws Exception {
        onUi(() -> {
            session.currentTopologyProperty().set(topology);
            return null;
        });
        await(() -> model.topologyProperty().get() == topology);
    }

    private void createOrdersOnTheNewShard() throws Exception {
        String ddl;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + demo.dir().resolve("shard-0.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'orders'")) {
            rs.next();
            ddl = rs.getString(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + demo.dir().resolve("shard-2.db"))) {
            c.createStatement().execute(ddl);
        }
    }

    private static ReshardingState publishedBy(String id, Topology from, Topology to, long version, Instant at) {
        com.fasterxml.jackson.databind.node.ObjectNode plan = MAPPER.createObjectNode().put("id", id);
        plan.putObject("from").put("name", from.name()).set("topology", TopologyJson.toJson(from));
        plan.putObject("to").put("name", to.name()).set("topology", TopologyJson.toJson(to));
        return new ReshardingState(id, ReshardingPhase.CLEANING_UP, ReshardingPhase.CUTTING_OVER, plan, MAPPER.createObjectNode(), at, at,
                List.of(), List.of(), java.util.Map.of(), version, at.plusSeconds(86_400), null, null, null, null, List.of(), java.util.Map.of(), null, List.of(), false, java.util.Map.of());
    }

    private Topology topologyWithADeadShard() throws Exception {
        Topology old = new TopologyLoader().load(demo.oldTopology()).orElseThrow();
        List<ShardSpec> shards = new java.util.ArrayList<>(old.shards());
        shards.add(new ShardSpec("dead-1", "jdbc:sqlite:" + home.resolve("missing").resolve("dead-1.db")));
        return topology(home, shards);
    }

    private static Topology topology(Path dir, List<ShardSpec> shards) {
        return new TopologyLoader().load(OrdersTopologyFile.write(dir.resolve("editor-topology.json"), "query-editor-test", shards)).orElseThrow();
    }

    private long countOn(String shard) throws Exception {
        return single("SELECT count(*) FROM orders", shard);
    }

    private long sumOfItemsInTheDemo() throws Exception {
        return single("SELECT sum(items) FROM orders", "shard-0") + single("SELECT sum(items) FROM orders", "shard-1");
    }

    /** The rows of a demo shard whose customer the topology routes to it, counted in Java with the routing hash. */
    private long ownedBy(Topology topology, String shard) throws Exception {
        long owned = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + demo.dir().resolve(shard + ".db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT customer_id FROM orders")) {
            while (rs.next()) {
                owned += topology.ownerOf(rs.getString(1)).equals(shard) ? 1 : 0;
            }
        }
        return owned;
    }

    private long single(String sql, String shard) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + demo.dir().resolve(shard + ".db"));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private <T> T onUi(Supplier<T> work) throws Exception {
        return ui.submit(work::get).get(30, TimeUnit.SECONDS);
    }

    private void await(BooleanSupplier condition) throws Exception {
        Await.until(Duration.ofSeconds(60), () -> onUiUnchecked(condition),
                () -> "summary: " + model.summaryProperty().get() + ", message: " + model.messageProperty().get());
    }

    private boolean onUiUnchecked(BooleanSupplier condition) {
        try {
            return onUi(condition::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
