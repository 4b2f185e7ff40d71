package org.reshard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import picocli.CommandLine;

/** {@code reshard topology design} on a demo workspace, checked against {@code reshard plan} of the file it writes. */
class TopologyDesignCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Run(int exitCode, String out, String err) {
    }

    @TempDir
    static Path workspace;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDemoWorkspace() {
        Run init = run("demo", "init", "--dir", workspace.toString(), "--rows", "3000");
        assertThat(init.exitCode()).as(init.err()).isZero();
    }

    private static String old() {
        return workspace.resolve("old.json").toString();
    }

    private static String newShard() {
        return "shard-2=jdbc:sqlite:" + workspace.resolve("shard-2.db");
    }

    @Test
    void addingAShardMovesAThirdAndThePlanOfTheFileAgrees() throws Exception {
        Path designed = dir.resolve("designed.json");

        Run design = run("topology", "design", "--from", old(), "--add-shard", newShard(), "--out", designed.toString());

        assertThat(design.exitCode()).as(design.err()).isZero();
        assertThat(design.out()).isEmpty();
        assertThat(design.err()).contains("Designed orders-v2 (3 shards, least-data)").contains("Moves 33.3% of the hash space in 2 moves")
                .contains("rows").contains("estimated duration");
        Topology topology = new TopologyLoader().load(designed).orElseThrow();
        assertThat(topology.shardIds()).containsExactly("shard-0", "shard-1", "shard-2");

        Run plan = run("plan", "--from", old(), "--to", designed.toString(), "--json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode json = MAPPER.readTree(plan.out());
        long planRows = 0;
        for (JsonNode step : json.get("steps")) {
            planRows += step.get("estimatedRows").asLong();
        }
        assertThat(run("plan", "--from", old(), "--to", designed.toString()).out()).contains("33.3% of the hash space changes owner");
        // the designer assumes uniform density within each shard; the plan counts the rows in the moving ranges
        assertThat((double) claimedRows(design.err())).isCloseTo(1000, offset(1.0));
        assertThat((double) planRows).isCloseTo(1000, offset(150.0));
    }

    @Test
    void withoutOutTheTopologyGoesToStdout() {
        Run design = run("topology", "design", "--from", old(), "--add-shard", newShard(), "--name", "orders-three");

        assertThat(design.exitCode()).as(design.err()).isZero();
        Topology topology = new TopologyLoader().parse(design.out(), null).orElseThrow();
        assertThat(topology.name()).isEqualTo("orders-three");
        // balanced by the rows counted on the demo shards, so about a third of the hash space
        assertThat(topology.partition().shareByShard().get("shard-2")).isCloseTo(1.0 / 3, offset(0.01));
    }

    @Test
    void fewestRangesGivesEachShardOneRange() {
        Run design = run("topology", "design", "--from", old(), "--add-shard", newShard(), "--strategy", "fewest-ranges");

        assertThat(design.exitCode()).as(design.err()).isZero();
        Topology topology = new TopologyLoader().parse(design.out(), null).orElseThrow();
        assertThat(topology.partition().ranges()).hasSize(3);
        assertThat(design.err()).contains("fewest-ranges");
    }

    @Test
    void splittingAShardMovesAQuarter() {
        Run design = run("topology", "design", "--from", old(), "--split", "shard-1", "--add-shard", newShard());

        assertThat(design.exitCode()).as(design.err()).isZero();
        assertThat(design.err()).contains("split shard-1").contains("Moves 25.0% of the hash space in 1 move").contains("shard-1 -> shard-2");
    }

    @Test
    void anUnreachableNewShardIsRefusedAndNothingIsWritten() {
        Path designed = dir.resolve("designed.json");
        String unreachable = "shard-2=jdbc:sqlite:" + dir.resolve("no-such-folder/shard-2.db");

        Run design = run("topology", "design", "--from", old(), "--add-shard", unreachable, "--out", designed.toString());

        assertThat(design.exitCode()).isEqualTo(3);
        assertThat(design.err()).contains("reshard.shard.unreachable").contains("shard-2").contains("--no-check");
        assertThat(designed).doesNotExist();

        Run unchecked = run("topology", "design", "--from", old(), "--add-shard", unreachable, "--out", designed.toString(), "--no-check");
        assertThat(unchecked.exitCode()).as(unchecked.err()).isZero();
        assertThat(designed).exists();
    }

    @Test
    void theNewShardsUserAndPasswordReferenceAreWritten() throws Exception {
        Run design = run("topology", "design", "--from", old(), "--add-shard", "shard-2=jdbc:postgresql://db3:5432/orders",
                "--user", "app", "--password-env", "RESHARD_DESIGN_TEST_PW", "--no-check");

        assertThat(design.exitCode()).as(design.err()).isZero();
        JsonNode shard = MAPPER.readTree(design.out()).get("shards").get(2);
        assertThat(shard.get("id").asText()).isEqualTo("shard-2");
        assertThat(shard.get("user").asText()).isEqualTo("app");
        assertThat(shard.get("password").asText()).isEqualTo("${env:RESHARD_DESIGN_TEST_PW}");
    }

    @Test
    void removingAnUnknownShardIsAnInvalidTopology() {
        Run design = run("topology", "design", "--from", old(), "--remove-shard", "shard-9");

        assertThat(design.exitCode()).isEqualTo(3);
        assertThat(design.err()).contains("reshard.topology.invalid").contains("shard-9");
    }

    @Test
    void removingAShardGivesAllItsDataToTheOthers() {
        Run design = run("topology", "design", "--from", old(), "--remove-shard", "shard-1");

        assertThat(design.exitCode()).as(design.err()).isZero();
        assertThat(design.err()).contains("Moves 50.0% of the hash space");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("topology", "design", "--from", old()).exitCode()).isEqualTo(2);
        assertThat(run("topology", "design", "--from", old(), "--split", "shard-0").exitCode()).isEqualTo(2);
        assertThat(run("topology", "design", "--from", old(), "--add-shard", "nonsense").exitCode()).isEqualTo(2);
        assertThat(run("topology", "design", "--from", old(), "--rebalance", "--strategy", "biggest").exitCode()).isEqualTo(2);
        assertThat(run("topology").exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingCurrentFileIsAnInvalidTopology() {
        Run design = run("topology", "design", "--from", dir.resolve("nope.json").toString(), "--rebalance");

        assertThat(design.exitCode()).isEqualTo(3);
        assertThat(design.err()).contains("reshard.topology.invalid");
    }

    private static long claimedRows(String err) {
        Matcher m = Pattern.compile("about ([\\d,]+) rows").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ReshardCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
