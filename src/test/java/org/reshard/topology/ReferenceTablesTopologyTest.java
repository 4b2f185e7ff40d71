package org.reshard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;

/** The optional {@code referenceTables} of a topology file (DESIGN 3.1): loaded, validated and written back. */
class ReferenceTablesTopologyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String BASE = """
            {
              "name": "orders-v2",
              "registry": "jdbc:sqlite:registry.db",
              "routing": {"strategy": "hash-range", "ranges": "equal"},
              "shards": [
                {"id": "a", "url": "jdbc:sqlite:a.db"},
                {"id": "b", "url": "jdbc:sqlite:b.db"}
              ],
              "tables": [
                {"name": "orders", "shardKey": "customer_id", "primaryKey": ["id"]}
              ],
              "referenceTables": [
                {"name": "countries", "primaryKey": ["code"]},
                {"name": "fx_rates", "primaryKey": ["currency", "day"]}
              ]
            }
            """;

    @TempDir
    Path dir;

    // ---- documents that load

    @Test
    void referenceTablesLoadInOrderWithTheirPrimaryKeys() throws IOException {
        Topology topology = load(BASE);

        assertThat(topology.referenceTables()).containsExactly(
                new ReferenceTable("countries", List.of("code")), new ReferenceTable("fx_rates", List.of("currency", "day")));
        assertThat(topology.referenceTable("fx_rates")).hasValueSatisfying(t -> assertThat(t.primaryKey()).containsExactly("currency", "day"));
        assertThat(topology.referenceTable("orders")).isEmpty();
        assertThat(topology.tables()).extracting(TableSpec::name).containsExactly("orders");
    }

    @Test
    void referenceTablesAreOptional() throws IOException {
        assertThat(load(edit(d -> d.remove("referenceTables"))).referenceTables()).isEmpty();
        assertThat(load(edit(d -> d.putNull("referenceTables"))).referenceTables()).isEmpty();
        assertThat(load(edit(d -> d.putArray("referenceTables"))).referenceTables()).isEmpty();
    }

    @Test
    void referenceTablesRoundTripThroughTopologyJson() throws IOException {
        Topology original = load(BASE);

        JsonNode written = TopologyJson.toJson(original);
        Topology reloaded = load(TopologyJson.toText(original));

        assertThat(written.get("referenceTables")).hasSize(2);
        assertThat(written.get("referenceTables").get(1).get("primaryKey")).extracting(JsonNode::asText).containsExactly("currency", "day");
        assertThat(reloaded.referenceTables()).isEqualTo(original.referenceTables());
        assertThat(reloaded.tables()).isEqualTo(original.tables());
        assertThat(reloaded.sameLayoutAs(original)).isTrue();
    }

    @Test
    void noReferenceTablesAreWrittenAsNoField() throws IOException {
        Topology without = load(edit(d -> d.remove("referenceTables")));

        assertThat(TopologyJson.toJson(without).has("referenceTables")).isFalse();
        assertThat(load(TopologyJson.toText(without)).referenceTables()).isEmpty();
    }

    // ---- validation

    @Test
    void referenceTablesNotAnArray() throws IOException {
        assertSingleProblem(edit(d -> d.putObject("referenceTables").put("name", "countries")), "$.referenceTables", "must be an array");
        assertSingleProblem(edit(d -> d.put("referenceTables", "countries")), "$.referenceTables", "must be an array");
    }

    @Test
    void referenceTableNotAnObject() throws IOException {
        assertSingleProblem(edit(d -> references(d).set(1, MAPPER.getNodeFactory().textNode("fx_rates"))),
                "$.referenceTables[1]", "a reference table must be an object");
    }

    @Test
    void referenceTableListedTwice() throws IOException {
        assertSingleProblem(edit(d -> reference(d, 1).put("name", "countries")),
                "$.referenceTables[1].name", "reference table \"countries\" is listed twice (also at $.referenceTables[0])");
    }

    @Test
    void referenceTableAlsoSharded() throws IOException {
        assertSingleProblem(edit(d -> reference(d, 0).put("name", "orders")),
                "$.referenceTables[0].name", "\"orders\" is also listed in $.tables");
    }

    @Test
    void referenceTablePrimaryKeyMissing() throws IOException {
        assertSingleProblem(edit(d -> reference(d, 0).remove("primaryKey")), "$.referenceTables[0].primaryKey", "primary key missing");
    }

    @Test
    void referenceTablePrimaryKeyEmpty() throws IOException {
        assertSingleProblem(edit(d -> reference(d, 1).putArray("primaryKey")),
                "$.referenceTables[1].primaryKey", "primary key must be a non-empty array of column names");
    }

    @Test
    void referenceTableNameMissing() throws IOException {
        assertSingleProblem(edit(d -> reference(d, 1).remove("name")), "$.referenceTables[1].name", "name missing");
    }

    @Test
    void referenceTableWithAShardKeyIsAnUnknownField() throws IOException {
        assertSingleProblem(edit(d -> reference(d, 0).put("shardKey", "code")), "$.referenceTables[0].shardKey", "unknown field \"shardKey\"");
    }

    @Test
    void referenceTableProblemsAreReportedWithTheOthers() throws IOException {
        ReshardError error = failure(edit(d -> {
            reference(d, 0).put("name", "orders");
            reference(d, 1).remove("primaryKey");
            d.put("owner", "team-x");
        }));

        assertThat(error.message()).contains("(3 problems)");
        assertThat(error.details()).anySatisfy(p -> assertThat(p).contains("$.referenceTables[0].name: \"orders\" is also listed in $.tables"))
                .anySatisfy(p -> assertThat(p).contains("$.referenceTables[1].primaryKey: primary key missing"))
                .anySatisfy(p -> assertThat(p).contains("$.owner: unknown field \"owner\""));
    }

    // ---- helpers (as in TopologyValidationTest)

    private void assertSingleProblem(String json, String jsonPath, String problem) throws IOException {
        ReshardError error = failure(json);
        assertThat(error.details()).singleElement().asString().contains(jsonPath + ": " + problem);
        assertThat(error.message()).endsWith("(1 problem)");
    }

    private ReshardError failure(String json) throws IOException {
        Path file = write(json);
        Result<Topology> result = new TopologyLoader(name -> null).load(file);
        assertThat(result).isInstanceOf(Result.Failure.class);
        ReshardError error = ((Result.Failure<Topology>) result).error();
        assertThat(error.code()).isEqualTo(ErrorCode.TOPOLOGY_INVALID);
        assertThat(error.message()).contains(file.toString());
        assertThat(error.details()).isNotEmpty().allSatisfy(detail -> assertThat(detail).startsWith(file + ": $"));
        return error;
    }

    private Topology load(String json) throws IOException {
        Result<Topology> result = new TopologyLoader(name -> null).load(write(json));
        if (result instanceof Result.Failure<Topology> failure) {
            throw new AssertionError("expected a valid topology: " + failure.error().describe());
        }
        return result.orElseThrow();
    }

    private Path write(String json) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "topology", ".json"), json);
    }

    private static String edit(Consumer<ObjectNode> change) throws IOException {
        ObjectNode document = (ObjectNode) MAPPER.readTree(BASE);
        change.accept(document);
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    }

    private static ArrayNode references(ObjectNode document) {
        return (ArrayNode) document.get("referenceTables");
    }

    private static ObjectNode reference(ObjectNode document, int index) {
        return (ObjectNode) references(document).get(index);
    }
}
