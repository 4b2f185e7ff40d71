package org.reshard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.common.ReshardHome;
import org.reshard.common.Result;
import org.reshard.plan.PlanJson;
import org.reshard.plan.ReshardingPlan;
import org.reshard.plan.ReshardingRequest;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.SqliteStateStore;
import org.reshard.testing.ReshardingScenario;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.workflow.ReshardingOptions;
import org.reshard.workflow.ReshardingOrchestrator;
import org.reshard.workflow.ReshardingOutcome;
import org.reshard.workflow.RunHooks;

/** Passwords never reach logs, the state file, the registry or exports; Prometheus serves the instruments. */
class SecretsAndExportTest {

    private static final String SECRET = "Zq9-s3cr3t-Pa55";

    @TempDir
    Path dir;

    @Test
    void passwordsStayOutOfLogsStateRegistryAndExports() throws Exception {
        try (ReshardingScenario scenario = new ReshardingScenario(ShardFixture.Kind.POSTGRES, dir, 2, ReshardingScenario.Strategy.RANGE,
                3, ReshardingScenario.Strategy.RANGE, 200)) {
            // Trust authentication ignores passwords, so the shards accept the secret while reshard must hide it.
            TopologyLoader loader = new TopologyLoader(name -> name.equals("SHARD_PW") ? SECRET : null);
            Topology from = withPasswords(loader, scenario.oldFile(), "old-secret.json");
            Topology to = withPasswords(loader, scenario.newFile(), "new-secret.json");
            String operationId;
            try (SqliteStateStore store = SqliteStateStore.open(scenario.stateFile()).orElseThrow()) {
                ReshardingOrchestrator orchestrator = new ReshardingOrchestrator(store, new org.reshard.testing.TestTelemetry().telemetry());
                ReshardingPlan plan = orchestrator.plan(new ReshardingRequest(from, to)).orElseThrow();
                assertThat(PlanJson.toText(plan)).doesNotContain(SECRET).contains("${env:SHARD_PW}");
                ReshardingOutcome outcome = orchestrator.execute(plan, ReshardingOptions.DEFAULTS.withRetention(Duration.ZERO),
                        RunHooks.approving()).orElseThrow();
                assertThat(outcome.state().phase()).isEqualTo(ReshardingPhase.COMPLETED);
                operationId = plan.id();
            }
            String log = Files.readString(ReshardHome.logsDir().resolve("reshard.log"));
            assertThat(log).contains("operation=" + operationId + " phase=Copying").doesNotContain(SECRET);
            assertThat(bytesOf(scenario.stateFile()) + bytesOf(Path.of(scenario.stateFile() + "-wal"))).doesNotContain(SECRET);
            try (Connection c = DriverManager.getConnection(scenario.registryUrl()); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT string_agg(topology, ' ') FROM reshard_topology")) {
                r.next();
                assertThat(r.getString(1)).doesNotContain(SECRET).contains("${env:SHARD_PW}");
            }
            Result<Topology> unreachable = loader.parse(Files.readString(dir.resolve("old-secret.json"))
                    .replace(scenario.shard("shard-0").url().substring(0, scenario.shard("shard-0").url().indexOf('?')),
                            "jdbc:postgresql://127.0.0.1:5432/no_such_database"), dir.resolve("x.json"));
            var failure = new org.reshard.plan.Planner().plan(new ReshardingRequest(unreachable.orElseThrow(), to));
            assertThat(((Result.Failure<ReshardingPlan>) failure).error().describe()).contains("no_such_database", "password=****")
                    .doesNotContain(SECRET);
        }
    }

    /** A copy of the topology whose shards carry the secret as a password field and in the URL. */
    private Topology withPasswords(TopologyLoader loader, Path file, String name) throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = mapper.readTree(file.toFile());
        for (var shard : root.get("shards")) {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) shard;
            node.put("url", node.get("url").asText() + "&password=${env:SHARD_PW}");
            node.put("password", "${env:SHARD_PW}");
        }
        Path copy = dir.resolve(name);
        mapper.writeValue(copy.toFile(), root);
        return loader.load(copy).orElseThrow();
    }

    private static String bytesOf(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
    }

    @Test
    void prometheusServesTheInstrumentsAsText() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Telemetry telemetry = Telemetry.configure(OptionalInt.of(port));
        telemetry.resharding().rowsCopied("shard-0", "shard-2", 1234);
        telemetry.query().started();
        telemetry.query().finished(Duration.ofMillis(40), true, "partial");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("reshard_rows_copied_total", "source=\"shard-0\"", "target=\"shard-2\"", "1234",
                "reshard_query_partial_failures_total", "reshard_query_duration_ms");
        ((io.opentelemetry.sdk.OpenTelemetrySdk) telemetry.openTelemetry()).close();
    }
}
