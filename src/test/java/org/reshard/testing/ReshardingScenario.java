package org.reshard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;

/**
 * A resharding test bed on real databases: shards with the two test tables filled by the old topology,
 * an empty registry, and the old and new topology files.
 */
public final class ReshardingScenario implements AutoCloseable {

    /** How a topology routes. */
    public enum Strategy { RANGE, RING }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ShardFixture fixture;
    private final Path dir;
    private final List<ShardSpec> shards = new ArrayList<>();
    private final String registryUrl;
    private final Path oldFile;
    private final Path newFile;
    private final Topology oldTopology;
    private final Topology newTopology;
    private final ShardSpec oracle;

    public ReshardingScenario(ShardFixture.Kind kind, Path dir, int fromShards, Strategy fromStrategy, int toShards,
                              Strategy toStrategy, int orders) throws IOException, SQLException {
        this(kind, dir, fromShards, fromStrategy, toShards, toStrategy, orders, Map.of(), null);
    }

    /**
     * A scenario where some shards live elsewhere ({@code placed}, by id: e.g. on a second server the test can stop)
     * and, when {@code registry} is not null, the registry too.
     */
    public ReshardingScenario(ShardFixture.Kind kind, Path dir, int fromShards, Strategy fromStrategy, int toShards,
                              Strategy toStrategy, int orders, Map<String, ShardSpec> placed, String registry)
            throws IOException, SQLException {
        this.dir = dir;
        this.fixture = new ShardFixture(kind, dir);
        for (int i = 0; i < Math.max(fromShards, toShards); i++) {
            String id = "shard-" + i;
            shards.add(placed.containsKey(id) ? placed.get(id) : fixture.shard(id));
        }
        registryUrl = registry != null ? registry
                : kind == ShardFixture.Kind.POSTGRES ? fixture.shard("registry").url() : "jdbc:sqlite:" + dir.resolve("registry.db");
        oldFile = writeTopology("old.json", "orders-old", shards.subList(0, fromShards), fromStrategy);
        newFile = writeTopology("new.json", "orders-new", shards.subList(0, toShards), toStrategy);
        TopologyLoader loader = new TopologyLoader();
        oldTopology = loader.load(oldFile).orElseThrow();
        newTopology = loader.load(newFile).orElseThrow();
        for (ShardSpec shard : oldTopology.shards()) {
            ShardedTables.create(shard);
        }
        ShardedTables.fill(oldTopology, orders, 42);
        // The oracle: the same rows (same seed) in one database, which the writer repeats its acknowledged writes on.
        oracle = fixture.shard("oracle");
        ShardedTables.create(oracle);
        ShardedTables.fill(new TopologyLoader().load(writeTopology("oracle.json", "oracle", List.of(oracle), Strategy.RANGE)).orElseThrow(),
                orders, 42);
    }

    private Path writeTopology(String file, String name, List<ShardSpec> members, Strategy strategy) throws IOException {
        ObjectNode root = MAPPER.createObjectNode().put("name", name).put("registry", registryUrl);
        ObjectNode routing = root.putObject("routing");
        if (strategy == Strategy.RANGE) {
            routing.put("strategy", "hash-range").put("ranges", "equal");
        } else {
            routing.put("strategy", "hash-ring").put("virtualNodes", 8);
        }
        ArrayNode list = root.putArray("shards");
        members.forEach(s -> list.addObject().put("id", s.id()).put("url", s.url()));
        ArrayNode tables = root.putArray("tables");
        for (TableSpec table : ShardedTables.ALL) {
            ObjectNode node = tables.addObject().put("name", table.name()).put("shardKey", table.shardKey());
            table.primaryKey().forEach(node.putArray("primaryKey")::add);
        }
        Path path = dir.resolve(file);
        Files.writeString(path, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return path;
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

    public Topology oldTopology() {
        return oldTopology;
    }

    public Topology newTopology() {
        return newTopology;
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

    /** Publishes the old topology, as the applications' deployment would have, so writers can route before the operation starts. */
    public void registerOldTopology() throws SQLException {
        new org.reshard.topology.TopologyRegistry(registryUrl).publish(oldTopology, java.time.Instant.now());
    }

    public ShardSnapshot snapshot() throws SQLException {
        return ShardSnapshot.take(shards, ShardedTables.ALL, registryUrl);
    }

    /** A writer routed by this scenario's registry; the registry needs a version first (the operation registers the old one). */
    public RegistryRoutedWriter startWriter(ShardSnapshot initial, long pauseMillis) {
        return new RegistryRoutedWriter(registryUrl, initial, 7, pauseMillis, oracle);
    }

    /**
     * Every row the application wrote or left alone is present exactly once, on the shard the new
     * topology routes it to, with its last acknowledged content; deleted rows are gone; nothing else exists.
     */
    public void assertExactlyOnceOnOwners(ShardSnapshot before, RegistryRoutedWriter writer) throws SQLException {
        ShardSnapshot after = snapshot();
        List<String> problems = new ArrayList<>();
        for (TableSpec table : ShardedTables.ALL) {
            Map<String, RegistryRoutedWriter.Expected> written = writer == null ? Map.of() : writer.expected().get(table.name());
            java.util.Set<String> doubtful = writer == null ? java.util.Set.of() : writer.inDoubt().get(table.name());
            TreeSet<String> keys = new TreeSet<>(before.rowsOf(table.name()).keySet());
            keys.addAll(written.keySet());
            keys.addAll(after.rowsOf(table.name()).keySet());
            for (String key : keys) {
                List<ShardSnapshot.Located> found = after.rowsOf(table.name()).getOrDefault(key, List.of());
                RegistryRoutedWriter.Expected expected = written.get(key);
                String where = table.name() + " " + key + " found " + found;
                if (doubtful.contains(key)) {
                    // Its last write broke with its server: present or not, old or new content, but never twice or off its owner.
                    if (found.size() > 1 || found.size() == 1 && !newTopology.ownerOf(found.getFirst().shardKey()).equals(found.getFirst().shard())) {
                        problems.add(where + ": a write in doubt left it more than once or off its owner");
                    }
                    continue;
                }
                if (expected != null && expected.deleted()) {
                    if (!found.isEmpty()) {
                        problems.add(where + ": deleted by the application but still present");
                    }
                    continue;
                }
                List<ShardSnapshot.Located> original = before.rowsOf(table.name()).get(key);
                if (expected == null && original == null) {
                    problems.add(where + ": nobody wrote this row");
                    continue;
                }
                if (found.size() != 1) {
                    problems.add(where + ": expected exactly once");
                    continue;
                }
                ShardSnapshot.Located row = found.getFirst();
                String owner = newTopology.ownerOf(row.shardKey());
                if (!owner.equals(row.shard())) {
                    problems.add(where + ": belongs on " + owner);
                }
                if (expected != null && !row.row().contains("=" + expected.marker() + ";")) {
                    problems.add(where + ": last acknowledged write was " + expected.marker());
                }
                if (expected == null && !row.row().equals(original.getFirst().row())) {
                    problems.add(where + ": content changed from " + original.getFirst().row());
                }
            }
        }
        if (writer != null) {
            problems.addAll(differencesFromTheOracle(after, writer));
        }
        assertThat(problems).as("rows not exactly once on their owner (" + problems.size() + ")").isEmpty();
        if (writer != null) {
            assertThat(writer.anomalies()).as("writer anomalies").isEmpty();
        }
    }

    /**
     * Every row's content equals the oracle's, and the shards hold no key the oracle lacks and lack none it holds —
     * except keys whose last write lost its connection (in doubt), which the oracle never saw.
     */
    private List<String> differencesFromTheOracle(ShardSnapshot after, RegistryRoutedWriter writer) throws SQLException {
        ShardSnapshot truth = ShardSnapshot.take(List.of(oracle), ShardedTables.ALL, registryUrl);
        List<String> problems = new ArrayList<>();
        for (TableSpec table : ShardedTables.ALL) {
            java.util.Set<String> doubtful = writer.inDoubt().get(table.name());
            TreeSet<String> keys = new TreeSet<>(truth.rowsOf(table.name()).keySet());
            keys.addAll(after.rowsOf(table.name()).keySet());
            for (String key : keys) {
                if (doubtful.contains(key)) {
                    continue;
                }
                List<ShardSnapshot.Located> expected = truth.rowsOf(table.name()).getOrDefault(key, List.of());
                List<ShardSnapshot.Located> found = after.rowsOf(table.name()).getOrDefault(key, List.of());
                List<String> expectedRows = expected.stream().map(ShardSnapshot.Located::row).toList();
                List<String> foundRows = found.stream().map(ShardSnapshot.Located::row).toList();
                if (!expectedRows.equals(foundRows)) {
                    problems.add(table.name() + " " + key + ": the oracle has " + expectedRows + ", the shards have " + foundRows);
                }
            }
        }
        return problems;
    }

    @Override
    public void close() {
        fixture.close();
    }
}
