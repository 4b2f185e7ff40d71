package org.reshard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.topology.RoutingHash;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;
import picocli.CommandLine;

/** The {@code reshard} command line (DESIGN 3.3) on a demo workspace it creates itself. */
class CliTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int DEMO_ROWS = 2_000;

    /** One finished command: its exit code and what it printed. */
    private record Run(int exitCode, String out, String err) {
    }

    @TempDir
    static Path workspace;

    private static Run demoInit;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDemoWorkspace() {
        demoInit = run("demo", "init", "--dir", workspace.toString(), "--rows", Integer.toString(DEMO_ROWS));
    }

    @Test
    void aSumOverSqliteNumericColumnsPrintsAsSqliteDoesInTableAndCsvAndJsonKeepsTheDouble() throws Exception {
        String old = workspace.resolve("old.json").toString();
        String sql = "SELECT sum(total) AS revenue FROM orders";
        Run json = run("query", "--topology", old, "--format", "json", sql);
        Run csv = run("query", "--topology", old, "--format", "csv", sql);
        Run table = run("query", "--topology", old, "--format", "table", sql);
        assertThat(json.exitCode()).as(json.err()).isZero();
        double sum = MAPPER.readTree(json.out()).get("rows").get(0).get(0).doubleValue();
        String shown = org.reshard.query.ValueText.real(sum);
        // 15 significant digits at most: the shards' sums of two-decimal prices, not the double's binary expansion.
        assertThat(shown.replace("-", "").replace(".", "").replaceAll("^0+", "")).hasSizeLessThanOrEqualTo(15);
        assertThat(csv.out().lines().toList()).containsExactly("revenue", shown);
        assertThat(table.out().lines().toList().get(1).strip()).isEqualTo(shown);
    }

    @Test
    void demoInitCreatesShardsRoutedByTheOldTopology() throws Exception {
        assertThat(demoInit.exitCode()).as(demoInit.err()).isZero();
        assertThat(demoInit.out()).contains(workspace.toString()).contains("reshard plan --from");
        for (String file : List.of("old.json", "new.json", "registry.db", "shard-0.db", "shard-1.db", "shard-2.db")) {
            assertThat(workspace.resolve(file)).exists();
        }

        Topology old = loadTopology("old.json");
        long total = 0;
        for (String shard : List.of("shard-0", "shard-1")) {
            List<Long> customers = customerIds(shard);
            assertThat(customers).as("rows on %s", shard).isNotEmpty();
            for (long customer : customers) {
                assertThat(old.ownerOf(Long.toString(customer))).as("owner of customer %d found on %s", customer, shard).isEqualTo(shard);
            }
            total += customers.size();
        }
        assertThat(total).isEqualTo(DEMO_ROWS);
        assertThat(new TopologyRegistry("jdbc:sqlite:" + workspace.resolve("registry.db")).active())
                .hasValueSatisfying(version -> {
                    assertThat(version.version()).isEqualTo(1);
                    assertThat(version.name()).isEqualTo("orders-v1");
                });
    }

    @Test
    void demoInitRefusesAnExistingWorkspaceWithoutForce() {
        Run again = run("demo", "init", "--dir", workspace.toString(), "--rows", "10");

        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.err()).contains("reshard.demo.failed").contains("--force");
    }

    @Test
    void demoInitWithForceReplacesAWorkspace() throws Exception {
        assertThat(run("demo", "init", "--dir", dir.toString(), "--rows", "50").exitCode()).isZero();

        Run replaced = run("demo", "init", "--dir", dir.toString(), "--rows", "70", "--force");

        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shard-0.db"));
             Connection d = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shard-1.db"))) {
            assertThat(count(c) + count(d)).isEqualTo(70);
        }
    }

    @Test
    void planListsTwoSteps() {
        Run plan = run("plan", "--from", workspace.resolve("old.json").toString(), "--to", workspace.resolve("new.json").toString());

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        List<String> stepLines = plan.out().lines().filter(line -> line.matches("\\s*\\d+\\s+orders\\s+shard-\\d\\s+shard-\\d\\s.*")).toList();
        assertThat(stepLines).hasSize(2);
        assertThat(stepLines.get(0)).matches("\\s*1\\s+orders\\s+shard-0\\s+shard-1\\s.*");
        assertThat(stepLines.get(1)).matches("\\s*2\\s+orders\\s+shard-1\\s+shard-2\\s.*");
        assertThat(plan.out()).contains("50.0% of the hash space changes owner").contains("dry run");
    }

    @Test
    void planAsJsonEstimatesTheRowsThatReallyMove() throws Exception {
        Run plan = run("plan", "--from", workspace.resolve("old.json").toString(), "--to", workspace.resolve("new.json").toString(), "--json");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode json = MAPPER.readTree(plan.out());
        assertThat(json.get("steps").isArray()).isTrue();
        assertThat(json.get("steps")).hasSize(2);
        long stepRows = 0;
        for (JsonNode step : json.get("steps")) {
            stepRows += step.get("estimatedRows").asLong();
            assertThat(step.get("estimateMethod").asText()).isEqualTo("count");
        }
        JsonNode estimate = json.get("estimate");
        assertThat(estimate.isObject()).isTrue();
        assertThat(estimate.get("totalRows").asLong()).isEqualTo(stepRows).isEqualTo(rowsChangingOwner()).isPositive();
    }

    @Test
    void routePrintsTheRoutingHashAndOwner() throws Exception {
        Run route = run("route", "--topology", workspace.resolve("new.json").toString(), "--json", "42", "1001", "");

        assertThat(route.exitCode()).as(route.err()).isZero();
        JsonNode rows = MAPPER.readTree(route.out());
        Topology topology = loadTopology("new.json");
        assertThat(rows).hasSize(3);
        List<String> keys = List.of("42", "1001", "");
        for (int i = 0; i < keys.size(); i++) {
            JsonNode row = rows.get(i);
            assertThat(row.get("key").asText()).isEqualTo(keys.get(i));
            assertThat(row.get("hash").asLong()).isEqualTo(RoutingHash.hash(keys.get(i)));
            assertThat(row.get("shard").asText()).isEqualTo(topology.ownerOf(keys.get(i)));
        }
    }

    @Test
    void planWithAnInvalidTopologyPrintsTheErrorCode() throws IOException {
        Path invalid = Files.writeString(dir.resolve("invalid.json"), """
                {"name": "x", "registry": "jdbc:sqlite:r.db", "routing": {"strategy": "hash-range", "ranges": "equal"},
                 "shards": [{"id": "a", "url": "jdbc:mysql://db/x"}], "tables": []}
                """);

        Run text = run("plan", "--from", invalid.toString(), "--to", workspace.resolve("new.json").toString());
        assertThat(text.exitCode()).isEqualTo(3);
        assertThat(text.err()).contains("reshard.topology.invalid").contains(invalid.toString()).contains("$.shards[0].url");

        Run json = run("plan", "--from", invalid.toString(), "--to", workspace.resolve("new.json").toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(3);
        assertThat(json.err()).isEmpty();
        JsonNode error = MAPPER.readTree(json.out()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("reshard.topology.invalid");
        assertThat(error.get("message").asText()).contains(invalid.toString());
        assertThat(error.get("details")).hasSize(2);
    }

    @Test
    void everyCommandHasAOneLineSummaryThatEndsASentence() {
        Run help = run("--help");

        assertThat(help.exitCode()).isZero();
        for (var entry : ReshardCommand.commandLine().getSubcommands().entrySet()) {
            CommandLine.Model.UsageMessageSpec usage = entry.getValue().getCommandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
            assertThat(summary).as("the summary of %s", entry.getKey()).matches(".*[.)]$").doesNotEndWith(",").doesNotEndWith(":");
        }
        assertThat(help.out()).doesNotContain("keep writing:").doesNotContain("exit 1),");
    }

    @Test
    void planCountsOneShardInTheSingular() throws Exception {
        Topology old = loadTopology("old.json");
        com.fasterxml.jackson.databind.node.ObjectNode one = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(org.reshard.topology.TopologyJson.toText(old));
        one.put("name", "orders-one");
        ((com.fasterxml.jackson.databind.node.ArrayNode) one.get("shards")).remove(1);
        Path file = workspace.resolve("one-shard.json");
        java.nio.file.Files.writeString(file, one.toString());

        Run plan = run("plan", "--from", file.toString(), "--to", workspace.resolve("old.json").toString());

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out().lines().findFirst().orElseThrow()).contains("orders-one (1 shard) -> orders-v1 (2 shards)");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run run = run("plan", "--from", "a.json", "--to", "b.json", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bogus");
    }

    // ---- helpers

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ReshardCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Topology loadTopology(String file) {
        return new TopologyLoader().load(workspace.resolve(file)).orElseThrow();
    }

    private static List<Long> customerIds(String shard) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + workspace.resolve(shard + ".db"));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT customer_id FROM orders")) {
            while (r.next()) {
                ids.add(r.getLong(1));
            }
        }
        return ids;
    }

    /** Demo rows whose owner differs between the old and the new topology. */
    private static long rowsChangingOwner() throws SQLException {
        Topology old = loadTopology("old.json");
        Topology next = loadTopology("new.json");
        long moving = 0;
        for (String shard : List.of("shard-0", "shard-1")) {
            for (long customer : customerIds(shard)) {
                String key = Long.toString(customer);
                if (!old.ownerOf(key).equals(next.ownerOf(key))) {
                    moving++;
                }
            }
        }
        return moving;
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM orders")) {
            r.next();
            return r.getLong(1);
        }
    }
}
