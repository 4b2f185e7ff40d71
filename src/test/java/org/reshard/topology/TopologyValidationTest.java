package org.reshard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;

/** Every validation rule of topology files (DESIGN 3.1), and the documents that load. */
class TopologyValidationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UnaryOperator<String> NO_ENVIRONMENT = name -> null;

    /** Three SQLite shards a, b, c with explicit ranges [MIN, -1], [0, 1000], [1001, MAX]. */
    private static final String BASE = """
            {
              "name": "orders-v2",
              "registry": "jdbc:sqlite:registry.db",
              "routing": {
                "strategy": "hash-range",
                "ranges": [
                  {"shard": "a", "from": "-9223372036854775808", "to": "-1"},
                  {"shard": "b", "from": "0", "to": "1000"},
                  {"shard": "c", "from": "1001", "to": "9223372036854775807"}
                ]
              },
              "shards": [
                {"id": "a", "url": "jdbc:sqlite:a.db"},
                {"id": "b", "url": "jdbc:sqlite:b.db"},
                {"id": "c", "url": "jdbc:sqlite:c.db"}
              ],
              "tables": [
                {"name": "orders", "shardKey": "customer_id", "primaryKey": ["id"]}
              ]
            }
            """;

    @TempDir
    Path dir;

    // ---- unknown fields

    @Test
    void unknownRootField() throws IOException {
        assertSingleProblem(edit(d -> d.put("comment", "x")), "$.comment", "unknown field \"comment\"");
    }

    @Test
    void unknownShardField() throws IOException {
        assertSingleProblem(edit(d -> shard(d, 1).put("host", "db1")), "$.shards[1].host", "unknown field \"host\"");
    }

    @Test
    void unknownTableField() throws IOException {
        assertSingleProblem(edit(d -> table(d, 0).put("indexes", "all")), "$.tables[0].indexes", "unknown field \"indexes\"");
    }

    @Test
    void unknownRangeField() throws IOException {
        assertSingleProblem(edit(d -> range(d, 2).put("weight", 2)), "$.routing.ranges[2].weight", "unknown field \"weight\"");
    }

    @Test
    void unknownRoutingField() throws IOException {
        assertSingleProblem(edit(d -> routing(d).put("virtualNodes", 10)), "$.routing.virtualNodes", "unknown field \"virtualNodes\"");
    }

    // ---- shards

    @Test
    void duplicateShardId() throws IOException {
        assertSingleProblem(edit(d -> {
            equalRanges(d);
            shard(d, 2).put("id", "a");
        }), "$.shards[2].id", "duplicate shard id \"a\" (also at $.shards[0])");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shard 1", "-lead", "shard/1", "ßhard", "a123456789012345678901234567890123456789012345678901234567890123"})
    void shardIdWithCharactersNotAllowed(String id) throws IOException {
        assertSingleProblem(edit(d -> {
            equalRanges(d);
            shard(d, 1).put("id", id);
        }), "$.shards[1].id", "shard id \"" + id + "\" is not allowed");
    }

    @Test
    void unsupportedJdbcUrl() throws IOException {
        assertSingleProblem(edit(d -> shard(d, 0).put("url", "jdbc:mysql://127.0.0.1/orders")),
                "$.shards[0].url", "unsupported JDBC URL \"jdbc:mysql://127.0.0.1/orders\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:sqlite::memory:", "jdbc:sqlite:", "jdbc:sqlite:file:c.db?mode=memory"})
    void sqliteUrlWithoutFile(String url) throws IOException {
        assertSingleProblem(edit(d -> shard(d, 2).put("url", url)), "$.shards[2].url", "SQLite URL \"" + url + "\" does not name a file");
    }

    @Test
    void unsetEnvironmentVariableInPassword() throws IOException {
        assertSingleProblem(edit(d -> shard(d, 1).put("password", "${env:SHARD_B_PW}")),
                "$.shards[1].password", "environment variable SHARD_B_PW is not set");
    }

    @Test
    void unsetEnvironmentVariableInUrl() throws IOException {
        assertSingleProblem(edit(d -> shard(d, 0).put("url", "jdbc:postgresql://${env:PG_HOST}:5432/orders")),
                "$.shards[0].url", "environment variable PG_HOST is not set");
    }

    // ---- tables

    @Test
    void emptyTablesList() throws IOException {
        assertSingleProblem(edit(d -> d.putArray("tables")), "$.tables", "empty");
    }

    @Test
    void missingTables() throws IOException {
        assertSingleProblem(edit(d -> d.remove("tables")), "$.tables", "missing");
    }

    @Test
    void primaryKeyMissing() throws IOException {
        assertSingleProblem(edit(d -> table(d, 0).remove("primaryKey")), "$.tables[0].primaryKey", "primary key missing");
    }

    @Test
    void primaryKeyEmpty() throws IOException {
        assertSingleProblem(edit(d -> table(d, 0).putArray("primaryKey")),
                "$.tables[0].primaryKey", "primary key must be a non-empty array of column names");
    }

    @Test
    void primaryKeyWithDuplicateColumn() throws IOException {
        assertSingleProblem(edit(d -> table(d, 0).putArray("primaryKey").add("id").add("created_at").add("id")),
                "$.tables[0].primaryKey[2]", "column \"id\" appears twice in the primary key");
    }

    // ---- routing

    @Test
    void unknownStrategy() throws IOException {
        assertSingleProblem(edit(d -> routing(d).put("strategy", "hash-modulo")),
                "$.routing.strategy", "unknown strategy \"hash-modulo\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "10001", "1.5", "\"150\"", "true", "18446744073709551617"})
    void hashRingVirtualNodesInvalid(String virtualNodes) throws IOException {
        String json = """
                {"name": "ring", "registry": "jdbc:sqlite:registry.db",
                 "routing": {"strategy": "hash-ring", "virtualNodes": %s},
                 "shards": [{"id": "a", "url": "jdbc:sqlite:a.db"}],
                 "tables": [{"name": "orders", "shardKey": "customer_id", "primaryKey": ["id"]}]}
                """.formatted(virtualNodes);
        assertSingleProblem(json, "$.routing.virtualNodes", "virtualNodes must be a whole number from 1 to 10000");
    }

    @Test
    void overlappingRanges() throws IOException {
        assertSingleProblem(edit(d -> range(d, 1).put("from", "-5")), "$.routing.ranges[1]",
                "overlap: this range starts at -5 but $.routing.ranges[0] already covers up to -1");
    }

    @Test
    void gapBetweenRanges() throws IOException {
        assertSingleProblem(edit(d -> range(d, 2).put("from", "2000")), "$.routing.ranges[2]",
                "gap: hash values 1001 to 1999 belong to no shard");
    }

    @Test
    void gapAtTheEnd() throws IOException {
        assertSingleProblem(edit(d -> range(d, 2).put("to", "9223372036854775806")), "$.routing.ranges[2]",
                "gap: hash values 9223372036854775807 to 9223372036854775807 belong to no shard");
    }

    @Test
    void gapAtTheStart() throws IOException {
        assertSingleProblem(edit(d -> range(d, 0).put("from", "-9223372036854775807")), "$.routing.ranges[0]",
                "gap: hash values -9223372036854775808 to -9223372036854775808 belong to no shard");
    }

    @Test
    void rangeNamingUnknownShard() throws IOException {
        assertSingleProblem(edit(d -> range(d, 1).put("shard", "z")), "$.routing.ranges[1].shard", "range names unknown shard \"z\"");
    }

    @Test
    void shardOwningNoRange() throws IOException {
        assertSingleProblem(edit(d -> shards(d).addObject().put("id", "d").put("url", "jdbc:sqlite:d.db")),
                "$.routing.ranges", "shard \"d\" owns no range");
    }

    @Test
    void hashBoundNotAnInteger() throws IOException {
        assertSingleProblem(edit(d -> range(d, 1).put("from", "zero")), "$.routing.ranges[1].from",
                "\"zero\" is not a signed 64-bit integer");
    }

    @Test
    void hashBoundFractional() throws IOException {
        assertSingleProblem(edit(d -> range(d, 1).put("to", 1000.5)), "$.routing.ranges[1].to", "not an integer: 1000.5");
    }

    @Test
    void hashBoundOutOf64BitRange() throws IOException {
        assertSingleProblem(edit(d -> range(d, 2).put("to", "9223372036854775808")), "$.routing.ranges[2].to",
                "\"9223372036854775808\" is not a signed 64-bit integer");
    }

    @Test
    void hashRangeStartsAfterItEnds() throws IOException {
        assertSingleProblem(edit(d -> range(d, 1).put("from", "1000").put("to", "0")), "$.routing.ranges[1]",
                "range starts at 1000 after it ends at 0");
    }

    // ---- the file itself

    @Test
    void invalidJsonSyntaxReportsLineAndColumn() throws IOException {
        String json = """
                {
                  "name": "orders-v2"
                  "registry": "jdbc:sqlite:registry.db"
                }
                """;
        ReshardError error = failure(json);
        assertThat(error.details()).singleElement().asString()
                .contains("$: line 3, column 3: not valid JSON: Unexpected character");
    }

    @Test
    void duplicateJsonKey() throws IOException {
        String json = BASE.replace("\"name\": \"orders-v2\",", "\"name\": \"orders-v2\",\n  \"name\": \"orders-v3\",");
        ReshardError error = failure(json);
        assertThat(error.details()).singleElement().asString()
                .contains("$: line 3, column")
                .contains("Duplicate field 'name'");
    }

    @Test
    void contentAfterTheDocument() throws IOException {
        ReshardError error = failure(BASE + "{\"name\": \"a second document\"}\n");
        assertThat(error.details()).singleElement().asString()
                .contains("$: line 21, column 1: not valid JSON")
                .contains("not valid JSON: Trailing token");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nowhere.json");
        ReshardError error = expectFailure(new TopologyLoader(NO_ENVIRONMENT).load(file));
        assertThat(error.code()).isEqualTo(ErrorCode.TOPOLOGY_INVALID);
        assertThat(error.message()).contains(file.toString());
        assertThat(error.details()).singleElement().asString().isEqualTo(file + ": $: the file does not exist"
                + " — check the path, or create one with 'reshard demo init'");
    }

    @Test
    void severalProblemsAreReportedTogether() throws IOException {
        ReshardError error = failure(edit(d -> {
            d.put("owner", "team-x");
            shard(d, 1).put("url", "jdbc:oracle:thin:@db:1521:orders");
            table(d, 0).putArray("primaryKey").add("id").add("id");
        }));
        assertThat(error.message()).contains("(3 problems)");
        assertThat(error.details()).hasSize(3);
        assertThat(error.details()).anySatisfy(d -> assertThat(d).contains("$.owner: unknown field \"owner\""));
        assertThat(error.details()).anySatisfy(d -> assertThat(d).contains("$.shards[1].url: unsupported JDBC URL"));
        assertThat(error.details()).anySatisfy(d -> assertThat(d).contains("$.tables[0].primaryKey[1]: column \"id\" appears twice"));
    }

    // ---- documents that load

    @Test
    void equalRangesForThreeShards() throws IOException {
        Topology topology = load(edit(TopologyValidationTest::equalRanges));

        BigInteger space = BigInteger.ONE.shiftLeft(64);
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
        List<OwnedRange> ranges = topology.partition().ranges();
        assertThat(ranges).extracting(OwnedRange::shardId).containsExactly("a", "b", "c");
        for (int i = 0; i < 3; i++) {
            long expectedFrom = min.add(space.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(3))).longValueExact();
            assertThat(ranges.get(i).range().from()).as("start of range %d", i).isEqualTo(expectedFrom);
        }
        assertThat(ranges.get(0).range().to()).isEqualTo(ranges.get(1).range().from() - 1);
        assertThat(ranges.get(1).range().to()).isEqualTo(ranges.get(2).range().from() - 1);
        assertThat(ranges.get(2).range().to()).isEqualTo(Long.MAX_VALUE);
        assertThat(ranges.get(1).range().from()).isEqualTo(-3074457345618258603L);
        assertThat(ranges.get(2).range().from()).isEqualTo(3074457345618258602L);
    }

    @Test
    void explicitRanges() throws IOException {
        Topology topology = load(BASE);

        assertThat(topology.routing()).isEqualTo(new Routing.HashRanges(List.of(
                new OwnedRange(new HashRange(Long.MIN_VALUE, -1), "a"),
                new OwnedRange(new HashRange(0, 1000), "b"),
                new OwnedRange(new HashRange(1001, Long.MAX_VALUE), "c")), false));
        HashPartition partition = topology.partition();
        assertThat(partition.ownerOf(Long.MIN_VALUE)).isEqualTo("a");
        assertThat(partition.ownerOf(-1)).isEqualTo("a");
        assertThat(partition.ownerOf(0)).isEqualTo("b");
        assertThat(partition.ownerOf(1000)).isEqualTo("b");
        assertThat(partition.ownerOf(1001)).isEqualTo("c");
        assertThat(partition.ownerOf(Long.MAX_VALUE)).isEqualTo("c");
        assertThat(topology.tables()).containsExactly(new TableSpec("orders", "customer_id", List.of("id")));
    }

    @Test
    void explicitRangesMayBeListedOutOfOrder() throws IOException {
        Topology topology = load(edit(d -> {
            ArrayNode ranges = (ArrayNode) routing(d).get("ranges");
            JsonNode first = ranges.remove(0);
            ranges.add(first);
        }));
        assertThat(topology.partition()).isEqualTo(load(BASE).partition());
    }

    @Test
    void hashRingWithDefaultVirtualNodes() throws IOException {
        Topology topology = load(edit(d -> {
            d.putObject("routing").put("strategy", "hash-ring");
        }));

        assertThat(topology.routing()).isEqualTo(new Routing.HashRing(150));
        for (String shard : List.of("a", "b", "c")) {
            for (int i = 0; i < 150; i++) {
                assertThat(topology.partition().ownerOf(RoutingHash.hash(shard + "#vn" + i)))
                        .as("owner of %s's virtual node %d", shard, i).isEqualTo(shard);
            }
        }
    }

    @Test
    void environmentReferencesResolveInUrlAndPassword() throws IOException {
        Map<String, String> environment = Map.of("PG_HOST", "db.internal", "ORDERS_PW", "s3cret-Ü");
        String json = edit(d -> shard(d, 0).put("url", "jdbc:postgresql://${env:PG_HOST}:5432/orders_0")
                .put("user", "app").put("password", "${env:ORDERS_PW}"));

        Topology topology = load(json, environment::get);

        ShardSpec shard = topology.shard("a").orElseThrow();
        assertThat(shard.url()).isEqualTo("jdbc:postgresql://db.internal:5432/orders_0");
        assertThat(shard.user()).isEqualTo("app");
        assertThat(shard.password().value()).isEqualTo("s3cret-Ü");
        assertThat(shard.password().reference()).isEqualTo("${env:ORDERS_PW}");
    }

    @Test
    void relativeSqlitePathsResolveAgainstTheTopologyFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("conf"));
        String json = edit(d -> {
            shard(d, 0).put("url", "jdbc:sqlite:data/a.db");
            shard(d, 1).put("url", "jdbc:sqlite:../shared/b.db");
            shard(d, 2).put("url", "jdbc:sqlite:" + dir.resolve("abs/c.db"));
        });
        Path file = Files.writeString(folder.resolve("topology.json"), json);

        Topology topology = new TopologyLoader(NO_ENVIRONMENT).load(file).orElseThrow();

        assertThat(topology.shards()).extracting(ShardSpec::url).containsExactly(
                "jdbc:sqlite:" + folder.resolve("data/a.db"),
                "jdbc:sqlite:" + dir.resolve("shared/b.db"),
                "jdbc:sqlite:" + dir.resolve("abs/c.db"));
        assertThat(topology.registryUrl()).isEqualTo("jdbc:sqlite:" + folder.resolve("registry.db"));
    }

    @Test
    void literalPasswordIsNeverWrittenButEnvironmentReferenceIs() throws IOException {
        String json = edit(d -> {
            shard(d, 0).put("password", "literal-hunter2");
            shard(d, 1).put("password", "${env:B_PW}");
        });

        Topology topology = load(json, Map.of("B_PW", "from-env-42")::get);
        String text = TopologyJson.toText(topology);

        assertThat(text).doesNotContain("literal-hunter2").doesNotContain("from-env-42").contains("${env:B_PW}");
        Secret literal = topology.shard("a").orElseThrow().password();
        Secret fromEnv = topology.shard("b").orElseThrow().password();
        assertThat(literal.value()).isEqualTo("literal-hunter2");
        assertThat(literal.toString()).isEqualTo("****");
        assertThat(fromEnv.toString()).isEqualTo("${env:B_PW}");
        assertThat(topology.shard("a").orElseThrow().toString()).doesNotContain("literal-hunter2");
        assertThat(topology.shard("b").orElseThrow().toString()).doesNotContain("from-env-42");
    }

    @Test
    void writtenTopologyLoadsBackToTheSameTopology() throws IOException {
        Topology original = load(edit(d -> shard(d, 2).put("user", "app").put("password", "${env:C_PW}")), Map.of("C_PW", "pw")::get);

        Topology reloaded = load(TopologyJson.toText(original), Map.of("C_PW", "pw")::get);

        assertThat(reloaded.partition()).isEqualTo(original.partition());
        assertThat(reloaded.shards()).isEqualTo(original.shards());
        assertThat(reloaded.tables()).isEqualTo(original.tables());
        assertThat(reloaded.routing()).isEqualTo(original.routing());
    }

    // ---- comparing layouts

    @Test
    void layoutDifferenceNamesWhatRoutesDifferentlyAndIgnoresTheName() throws IOException {
        Topology base = load(BASE);
        assertThat(base.layoutDifference(load(edit(d -> d.put("name", "orders-renamed"))))).isEmpty();
        Topology moved = load(edit(d -> ((ObjectNode) shards(d).get(1)).put("url", "jdbc:sqlite:elsewhere.db")));
        assertThat(base.layoutDifference(moved)).hasValueSatisfying(d -> assertThat(d).contains("shard b", "b.db", "elsewhere.db"));
        Topology shifted = load(edit(d -> {
            ArrayNode ranges = (ArrayNode) routing(d).get("ranges");
            ((ObjectNode) ranges.get(1)).put("to", "2000");
            ((ObjectNode) ranges.get(2)).put("from", "2001");
        }));
        assertThat(base.layoutDifference(shifted)).hasValueSatisfying(d -> assertThat(d).contains("hash ranges differ"));
        Topology rekeyed = load(edit(d -> ((ObjectNode) d.get("tables").get(0)).put("shardKey", "id")));
        assertThat(base.layoutDifference(rekeyed)).hasValueSatisfying(d -> assertThat(d).contains("tables or shard keys"));
        assertThat(base.sameLayoutAs(rekeyed)).isFalse();
    }

    // ---- helpers

    /** Loads the document and asserts it fails with exactly one problem at {@code jsonPath}. */
    private void assertSingleProblem(String json, String jsonPath, String problem) throws IOException {
        ReshardError error = failure(json);
        assertThat(error.details()).singleElement().asString()
                .contains(jsonPath + ": " + problem);
        assertThat(error.message()).endsWith("(1 problem)");
    }

    /** Writes the document, loads it without an environment and returns the invalid-topology error. */
    private ReshardError failure(String json) throws IOException {
        Path file = write(json);
        ReshardError error = expectFailure(new TopologyLoader(NO_ENVIRONMENT).load(file));
        assertThat(error.code()).isEqualTo(ErrorCode.TOPOLOGY_INVALID);
        assertThat(error.code().code()).isEqualTo("reshard.topology.invalid");
        assertThat(error.message()).contains(file.toString());
        assertThat(error.details()).isNotEmpty().allSatisfy(detail -> assertThat(detail).startsWith(file + ": $"));
        return error;
    }

    private static ReshardError expectFailure(Result<Topology> result) {
        assertThat(result).isInstanceOf(Result.Failure.class);
        return ((Result.Failure<Topology>) result).error();
    }

    private Topology load(String json) throws IOException {
        return load(json, NO_ENVIRONMENT);
    }

    private Topology load(String json, UnaryOperator<String> environment) throws IOException {
        Result<Topology> result = new TopologyLoader(environment).load(write(json));
        if (result instanceof Result.Failure<Topology> failure) {
            throw new AssertionError("expected a valid topology: " + failure.error().describe());
        }
        return result.orElseThrow();
    }

    private Path write(String json) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "topology", ".json"), json);
    }

    /** The base document with one change applied. */
    private static String edit(Consumer<ObjectNode> change) throws IOException {
        ObjectNode document = (ObjectNode) MAPPER.readTree(BASE);
        change.accept(document);
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    }

    private static void equalRanges(ObjectNode document) {
        routing(document).put("ranges", "equal");
    }

    private static ObjectNode routing(ObjectNode document) {
        return (ObjectNode) document.get("routing");
    }

    private static ObjectNode range(ObjectNode document, int index) {
        return (ObjectNode) routing(document).get("ranges").get(index);
    }

    private static ArrayNode shards(ObjectNode document) {
        return (ArrayNode) document.get("shards");
    }

    private static ObjectNode shard(ObjectNode document, int index) {
        return (ObjectNode) shards(document).get(index);
    }

    private static ObjectNode table(ObjectNode document, int index) {
        return (ObjectNode) document.get("tables").get(index);
    }
}
