package org.reshard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.testing.PostgresTestDatabase;
import org.reshard.testing.ShardFixture;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * {@code reshard query} through {@link ReshardCommand#commandLine()}: two PostgreSQL shards with a few
 * orders, and a topology that adds a dead shard (a database that does not exist).
 */
class QueryCommandTest {

    // Reads decimals exactly, so a test sees the scale the command printed.
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /** One finished command. */
    private record Run(int exitCode, String out, String err) {
    }

    @TempDir
    static Path dir;

    private static ShardFixture fixture;
    private static Path topology;
    private static Path withDeadShard;
    private static ShardSpec a;
    private static ShardSpec b;

    @BeforeAll
    static void shards() throws Exception {
        fixture = new ShardFixture(ShardFixture.Kind.POSTGRES, dir);
        a = fixture.shard("shard-a");
        b = fixture.shard("shard-b");
        String table = "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text, total numeric(12,2),"
                + " created_at timestamptz, note text)";
        topology = write("topology.json", List.of(a, b));
        withDeadShard = write("dead.json", List.of(a, b,
                new ShardSpec("shard-dead", PostgresTestDatabase.SERVER + "reshard_test_no_such_db?user=" + PostgresTestDatabase.USER)));
        // Each row's customer is owned by the shard that holds it under both topologies, as the ownership filter requires.
        List<Long> ofA = ownedInBoth("shard-a", 2);
        List<Long> ofB = ownedInBoth("shard-b", 2);
        ShardFixture.execute(a, table, "INSERT INTO orders VALUES (1, " + ofA.get(0) + ", 'paid', 12.50, '2025-03-01T10:00:00Z', 'a, \"quoted\" note'),"
                + " (2, " + ofA.get(1) + ", 'shipped', NULL, '2025-03-02T11:30:00Z', NULL)");
        ShardFixture.execute(b, table, "INSERT INTO orders VALUES (3, " + ofB.get(0) + ", 'paid', 7.25, '2025-03-03T12:00:00Z', NULL),"
                + " (4, " + ofB.get(1) + ", NULL, 100.00, '2025-03-04T13:45:30Z', 'Zoë')");
    }

    private static List<Long> ownedInBoth(String shard, int count) {
        Topology two = new TopologyLoader().load(topology).orElseThrow();
        Topology three = new TopologyLoader().load(withDeadShard).orElseThrow();
        List<Long> customers = new java.util.ArrayList<>();
        for (long customer = 10; customers.size() < count; customer++) {
            if (two.ownerOf(Long.toString(customer)).equals(shard) && three.ownerOf(Long.toString(customer)).equals(shard)) {
                customers.add(customer);
            }
        }
        return customers;
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @Test
    void jsonHasColumnsRowsAndShardsWithNumbersAsNumbersAndTimestampsAsIso() throws Exception {
        Run run = run("query", "--topology", topology.toString(), "--format", "json",
                "SELECT id, total, created_at, status FROM orders ORDER BY id");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = MAPPER.readTree(run.out());
        assertThat(json.get("columns")).extracting(c -> c.get("name").asText()).containsExactly("id", "total", "created_at", "status");
        assertThat(json.get("columns").get(1).get("type").asText()).isEqualTo("decimal");
        JsonNode rows = json.get("rows");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get(0).isIntegralNumber()).isTrue();
        assertThat(rows.get(0).get(1).isNumber()).isTrue();
        assertThat(rows.get(0).get(1).decimalValue()).isEqualByComparingTo("12.50");
        assertThat(rows.get(1).get(1).isNull()).isTrue();
        assertThat(rows.get(3).get(2).asText()).isEqualTo("2025-03-04T13:45:30Z");
        assertThat(rows.get(3).get(3).isNull()).isTrue();
        assertThat(json.get("shards")).extracting(s -> s.get("id").asText()).containsExactly("shard-a", "shard-b");
        assertThat(json.get("shards")).allSatisfy(s -> {
            assertThat(s.get("rows").asLong()).isEqualTo(2);
            assertThat(s.get("ms").isIntegralNumber()).isTrue();
            assertThat(s.get("error").isNull()).isTrue();
        });
        assertThat(json.get("partial").asBoolean()).isFalse();
    }

    @Test
    void aShardKeyEqualityRunsOnItsOwnerAndTheFooterAndJsonSayWhy() throws Exception {
        long customer = ownedInBoth("shard-b", 1).getFirst();
        ShardFixture.execute(a, "INSERT INTO orders VALUES (90, " + customer + ", 'paid', 1.00, '2025-03-09T00:00:00Z',"
                + " 'a stray copy on a shard that does not own it')");
        try {
            Run table = run("query", "--topology", topology.toString(), "SELECT count(*) FROM orders WHERE customer_id = " + customer);
            assertThat(table.exitCode()).as(table.err()).isZero();
            assertThat(table.out().lines().toList().get(1).strip()).as("order 3 on its owner, not the stray copy").isEqualTo("1");
            assertThat(table.out().lines().toList()).last().asString()
                    .matches("\\(1 row, merged on the fly from 1 of 2 shards \\(customer_id = " + customer + "\\): shard-b 1 row \\d+ ms\\)");

            JsonNode json = MAPPER.readTree(run("query", "--topology", topology.toString(), "--format", "json",
                    "SELECT count(*) FROM orders").out());
            assertThat(json.get("rows").toString()).as("the stray copy is not counted").isEqualTo("[[4]]");
            assertThat(json.at("/scope/ran")).extracting(JsonNode::asText).containsExactly("shard-a", "shard-b");
            assertThat(json.at("/scope/text").asText()).isEqualTo("2 of 2 shards");
            assertThat(json.get("warnings")).isEmpty();
        } finally {
            ShardFixture.execute(a, "DELETE FROM orders WHERE id = 90");
        }
    }

    @Test
    void anUndeclaredTableIsReadAsFoundWithAWarningOnStderrAndInJson() throws Exception {
        ShardFixture.execute(a, "CREATE TABLE IF NOT EXISTS audit (id int)", "DELETE FROM audit", "INSERT INTO audit VALUES (1)");
        ShardFixture.execute(b, "CREATE TABLE IF NOT EXISTS audit (id int)", "DELETE FROM audit", "INSERT INTO audit VALUES (2)");
        Run table = run("query", "--topology", topology.toString(), "SELECT count(*) FROM audit");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.err()).startsWith("warning: topology cli-query does not declare audit").contains("(reshard.query.undeclared_tables)");

        JsonNode json = MAPPER.readTree(run("query", "--topology", topology.toString(), "--format", "json", "SELECT count(*) FROM audit").out());
        assertThat(json.get("rows").toString()).isEqualTo("[[2]]");
        assertThat(json.at("/warnings/0/code").asText()).isEqualTo("reshard.query.undeclared_tables");
        assertThat(json.at("/warnings/0/message").asText()).contains("audit");
    }

    @Test
    void jsonMergesAggregates() throws Exception {
        Run run = run("query", "--topology", topology.toString(), "--format", "json",
                "SELECT status, count(*) AS n, sum(total) AS revenue, avg(total) FROM orders GROUP BY status ORDER BY status");

        JsonNode rows = MAPPER.readTree(run.out()).get("rows");
        // As PostgreSQL prints them: avg(100.00) is 100.0000000000000000.
        assertThat(MAPPER.writeValueAsString(rows))
                .isEqualTo("[[\"paid\",2,19.75,9.8750000000000000],[\"shipped\",1,null,null],[null,1,100.00,100.0000000000000000]]");
    }

    @Test
    void csvQuotesFieldsAndLeavesNullEmpty() {
        Run run = run("query", "--topology", topology.toString(), "--format", "csv", "SELECT id, note, total FROM orders ORDER BY id");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().split("\r\n")).containsExactly("id,note,total", "1,\"a, \"\"quoted\"\" note\",12.50", "2,,", "3,,7.25", "4,Zoë,100.00");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void tableAlignsColumnsShowsNullAndSummarisesShards() {
        Run run = run("query", "--topology", topology.toString(), "SELECT status, count(*) FROM orders GROUP BY status ORDER BY 2 DESC, 1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.subList(0, 4)).containsExactly(
                "status   count",
                "paid         2",
                "shipped      1",
                "NULL         1");
        assertThat(lines.get(4)).matches("\\(3 rows, merged on the fly from 2 of 2 shards: shard-a 2 rows \\d+ ms, shard-b 2 rows \\d+ ms\\)");
    }

    @Test
    void aPartialResultExitsZeroAndListsTheFailedShardOnStderr() {
        Run run = run("query", "--topology", withDeadShard.toString(), "SELECT count(*) FROM orders");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("4").contains("shard-dead FAILED reshard.shard.unreachable").contains("PARTIAL");
        assertThat(run.err()).contains("partial result").contains("1 of 3 shards failed")
                .contains("shard-dead: reshard.shard.unreachable").contains("reshard_test_no_such_db");
    }

    @Test
    void aPartialResultInJsonCarriesTheShardError() throws Exception {
        Run run = run("query", "--topology", withDeadShard.toString(), "--format", "json", "SELECT count(*) FROM orders");

        JsonNode json = MAPPER.readTree(run.out());
        assertThat(run.exitCode()).isZero();
        assertThat(json.get("rows").toString()).isEqualTo("[[4]]");
        assertThat(json.get("partial").asBoolean()).isTrue();
        assertThat(json.get("shards").get(2).get("error").get("code").asText()).isEqualTo("reshard.shard.unreachable");
    }

    @Test
    void noPartialWithADeadShardExitsThreeWithPartialFailure() throws Exception {
        Run run = run("query", "--topology", withDeadShard.toString(), "--no-partial", "--format", "json", "SELECT count(*) FROM orders");

        assertThat(run.exitCode()).isEqualTo(3);
        JsonNode error = MAPPER.readTree(run.out()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("reshard.query.partial_failure");
        assertThat(error.get("message").asText()).contains("1 of 3 shards failed");
    }

    @Test
    void aRefusalExitsThreeWithTheCode() throws Exception {
        // DISTINCT ON runs federated now; with interval arithmetic (which the federated engine refuses) neither path answers it.
        Run text = run("query", "--topology", topology.toString(), "SELECT DISTINCT ON (status) created_at - created_at + interval '1 hour' FROM orders");
        Run json = run("query", "--topology", topology.toString(), "--format", "json",
                "SELECT DISTINCT ON (o.id) o.created_at - p.created_at + interval '1 hour' FROM orders o JOIN orders p USING (id)");

        assertThat(text.exitCode()).isEqualTo(3);
        assertThat(text.err()).startsWith("error reshard.query.unsupported: DISTINCT ON");
        assertThat(json.exitCode()).isEqualTo(3);
        JsonNode error = MAPPER.readTree(json.out()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("reshard.query.unsupported");
        assertThat(error.get("message").asText()).containsAnyOf("JOIN", "DISTINCT ON");
    }

    @Test
    void writesNeedAllowWrites() {
        Run refused = run("query", "--topology", topology.toString(), "UPDATE orders SET note = 'x' WHERE id = 0");

        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("UPDATE changes data").contains("--allow-writes");
        Run allowed = run("query", "--topology", topology.toString(), "--allow-writes", "--format", "csv", "UPDATE orders SET note = note WHERE id = 1");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out().split("\r\n")).containsExactlyInAnyOrder("shard,affected_rows", "shard-a,1", "shard-b,0");
    }

    @Test
    void rawRowsPagesShardsAndParallelism() {
        Run raw = run("query", "--topology", topology.toString(), "--raw", "--shards", "shard-b", "--format", "csv",
                "SELECT id FROM orders ORDER BY id");
        Run page = run("query", "--topology", topology.toString(), "--page", "2", "--page-size", "1", "--parallelism", "1",
                "--timeout", "5s", "--format", "csv", "SELECT id FROM orders ORDER BY id DESC");

        assertThat(raw.out().split("\r\n")).containsExactly("shard,id", "shard-b,3", "shard-b,4");
        assertThat(page.out().split("\r\n")).containsExactly("id", "3");
    }

    @Test
    @Timeout(60)
    void explainNamesEveryShardWithItsOwnSqlCarryingTheWhereAndRunsNothing() throws Exception {
        // Off the shard key: not co-located, so the federated path answers.
        String join = "SELECT o.id, p.status FROM orders o JOIN orders p ON p.id = o.customer_id WHERE o.total > 5 AND p.status = 'paid'";
        Run explain;
        Run ran;
        try (Connection locker = ShardFixture.connect(a); Statement lock = locker.createStatement()) {
            // A statement that reads shard-a's orders waits for this lock, so an --explain that ran the join could not finish.
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            explain = run("query", "--topology", topology.toString(), "--timeout", "2s", "--explain", join);
            ran = run("query", "--topology", topology.toString(), "--timeout", "2s", join);
            locker.rollback();
        }

        assertThat(ran.err()).as("the join run under the lock, which shows the lock would stop a run").contains("reshard.query.timeout");
        assertThat(explain.exitCode()).as(explain.err()).isZero();
        List<String> lines = explain.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("path: federated");
        assertThat(lines).as("no rows and no footer of a run").noneMatch(l -> l.startsWith("(") || l.contains("federated over"));
        Map<String, List<String>> sqlByShard = new TreeMap<>();
        String shard = null;
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("-- ")) {
                shard = line.substring(3);
                sqlByShard.computeIfAbsent(shard, s -> new ArrayList<>()).add("");
            } else {
                List<String> statements = sqlByShard.get(shard);
                statements.set(statements.size() - 1, statements.getLast() + line + "\n");
            }
        }
        assertThat(sqlByShard).containsOnlyKeys("shard-a", "shard-b");
        Topology two = new TopologyLoader().load(topology).orElseThrow();
        for (Map.Entry<String, List<String>> statements : sqlByShard.entrySet()) {
            // Each shard reads only the hashes it owns: its own range, in its own SQL.
            String ownRange = "[" + two.partition().rangesByShard().get(statements.getKey()).getFirst().from() + ",";
            assertThat(statements.getValue()).as(statements.getKey())
                    .allSatisfy(sql -> assertThat(sql).contains("\"orders\"").contains(ownRange).endsWith(";\n"))
                    .anySatisfy(sql -> assertThat(sql).containsPattern("\"total\"[^>]*> 5"))
                    .anySatisfy(sql -> assertThat(sql).contains("\"status\" = 'paid'"));
        }

        JsonNode json = MAPPER.readTree(run("query", "--topology", topology.toString(), "--format", "json", "--explain", join).out());
        assertThat(json.get("path").asText()).isEqualTo("federated");
        assertThat(json.get("statements")).extracting(s -> s.get("shard").asText()).contains("shard-a", "shard-b");
    }

    @Test
    void aFederatedQueryOverItsMemoryBudgetExitsThreeNamingWhatGrew() throws Exception {
        // 3,000 orders of 1,000-character notes on shard-a: over 3 MB of text. A NULL shard key counts where it is.
        ShardFixture.execute(a, "INSERT INTO orders SELECT 100000 + g, NULL, 'paid', 1.00, '2025-03-10T00:00:00Z', repeat('n', 1000)"
                + " FROM generate_series(1, 3000) g");
        try {
            String join = "SELECT o.note, p.id FROM orders o LEFT JOIN orders p ON p.id = o.customer_id";
            Run text = run("query", "--topology", topology.toString(), "--memory", "1MB", join);
            Run json = run("query", "--topology", topology.toString(), "--memory", "1MB", "--format", "json", join);
            Run enough = run("query", "--topology", topology.toString(), "--memory", "64MB", "--format", "csv", join);

            assertThat(text.exitCode()).isEqualTo(3);
            assertThat(text.err()).startsWith("error reshard.query.too_large: the federated query passed its memory budget of 1 MB"
                    + " while the rows read from shard shard-a for table orders grew");
            assertThat(json.exitCode()).isEqualTo(3);
            JsonNode error = MAPPER.readTree(json.out()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("reshard.query.too_large");
            assertThat(error.get("message").asText()).contains("budget of 1 MB").contains("shard shard-a for table orders");
            assertThat(enough.exitCode()).as("the same join within a budget it fits: " + enough.err()).isZero();
            assertThat(enough.out().split("\r\n")).hasSize(1 + 3004);
        } finally {
            ShardFixture.execute(a, "DELETE FROM orders WHERE id > 100000");
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("query", "--topology", topology.toString(), "--shards", "shard-z", "SELECT 1").exitCode()).isEqualTo(2);
        Run duration = run("query", "--topology", topology.toString(), "--timeout", "soon", "SELECT 1");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.err()).contains("not a duration");
    }

    private static Path write(String name, List<ShardSpec> shards) throws Exception {
        StringBuilder list = new StringBuilder();
        for (ShardSpec s : shards) {
            list.append(list.isEmpty() ? "" : ", ").append("{\"id\": \"").append(s.id()).append("\", \"url\": \"").append(s.url()).append("\"}");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, "{\"name\": \"cli-query\", \"registry\": \"jdbc:sqlite:registry.db\","
                + " \"routing\": {\"strategy\": \"hash-range\", \"ranges\": \"equal\"}, \"shards\": [" + list + "],"
                + " \"tables\": [{\"name\": \"orders\", \"shardKey\": \"customer_id\", \"primaryKey\": [\"id\"]}]}");
        return file;
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = ReshardCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
