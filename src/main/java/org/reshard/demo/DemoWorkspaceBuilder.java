package org.reshard.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardHome;
import org.reshard.common.ReshardError;
import org.reshard.common.Result;
import org.reshard.topology.Topology;
import org.reshard.topology.TopologyLoader;
import org.reshard.topology.TopologyRegistry;

/**
 * Creates the embedded demo workspace: SQLite shards with an {@code orders} table routed by the old
 * topology (2 shards), an empty third shard, the old and new topology files, and the registry.
 */
public final class DemoWorkspaceBuilder {

    public static final long DEFAULT_ROWS = 200_000;
    private static final long SEED = 20_261_122L;
    private static final int BATCH = 5_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dir;
    private final long rows;
    private final boolean replace;

    public DemoWorkspaceBuilder(Path dir, long rows, boolean replace) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be 0 or more, was " + rows);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.rows = rows;
        this.replace = replace;
    }

    /** The default folder: {@code $RESHARD_HOME/demo}, RESHARD_HOME defaulting to {@code ~/.reshard}. */
    public static Path defaultDir() {
        return ReshardHome.demoDir();
    }

    public Result<DemoWorkspace> build() {
        if (DemoWorkspace.existsIn(dir) && !replace) {
            return Result.failure(ReshardError.of(ErrorCode.DEMO_WORKSPACE_FAILED,
                    "a demo workspace already exists in " + dir + " — use it, pass --force to recreate it, or choose another --dir"));
        }
        try {
            Files.createDirectories(dir);
            Path oldFile = writeTopology(DemoWorkspace.OLD_TOPOLOGY, "orders-v1", 2);
            Path newFile = writeTopology(DemoWorkspace.NEW_TOPOLOGY, "orders-v2", 3);
            Topology old = new TopologyLoader().load(oldFile).orElseThrow();
            List<DemoWorkspace.ShardFile> shards = fillShards(old);
            Path registry = dir.resolve(DemoWorkspace.REGISTRY);
            deleteIfPresent(registry);
            new TopologyRegistry("jdbc:sqlite:" + registry).publish(old, Instant.now());
            return Result.ok(new DemoWorkspace(dir, oldFile, newFile, registry, shards));
        } catch (IOException | SQLException e) {
            return Result.failure(ReshardError.of(ErrorCode.DEMO_WORKSPACE_FAILED,
                    "could not create the demo workspace in " + dir + ": " + e.getMessage() + " — check that the folder is writable"));
        }
    }

    private List<DemoWorkspace.ShardFile> fillShards(Topology old) throws IOException, SQLException {
        List<String> ids = List.of("shard-0", "shard-1", "shard-2");
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> inserts = new ArrayList<>();
        long[] counts = new long[ids.size()];
        try {
            for (String id : ids) {
                Path file = dir.resolve(id + ".db");
                deleteIfPresent(file);
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                connections.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode = WAL");
                    if (!id.equals("shard-2")) {
                        s.execute(DemoOrders.CREATE_TABLE);
                    }
                }
                c.setAutoCommit(false);
                inserts.add(id.equals("shard-2") ? null : c.prepareStatement(DemoOrders.INSERT));
            }
            DemoOrders generator = new DemoOrders(SEED, rows);
            for (long id = 1; id <= rows; id++) {
                DemoOrders.Order order = generator.order(id);
                int shard = ids.indexOf(old.ownerOf(Long.toString(order.customerId())));
                bind(inserts.get(shard), order);
                if (++counts[shard] % BATCH == 0) {
                    inserts.get(shard).executeBatch();
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                if (inserts.get(i) != null) {
                    inserts.get(i).executeBatch();
                    try (Statement s = connections.get(i).createStatement()) {
                        for (String index : DemoOrders.CREATE_INDEXES) {
                            s.execute(index);
                        }
                    }
                }
                connections.get(i).commit();
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
        List<DemoWorkspace.ShardFile> files = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            files.add(new DemoWorkspace.ShardFile(ids.get(i), dir.resolve(ids.get(i) + ".db"), counts[i]));
        }
        return files;
    }

    private static void bind(PreparedStatement insert, DemoOrders.Order order) throws SQLException {
        insert.setLong(1, order.id());
        insert.setLong(2, order.customerId());
        insert.setString(3, order.createdAt());
        insert.setString(4, order.status());
        insert.setString(5, order.currency());
        insert.setBigDecimal(6, order.total());
        insert.setInt(7, order.items());
        insert.setString(8, order.country());
        insert.setString(9, order.note());
        insert.addBatch();
    }

    /** Writes a topology file with relative SQLite URLs, so the folder can be moved as a whole. */
    private Path writeTopology(String fileName, String name, int shardCount) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", name);
        root.put("registry", "jdbc:sqlite:" + DemoWorkspace.REGISTRY);
        root.putObject("routing").put("strategy", "hash-range").put("ranges", "equal");
        ArrayNode shards = root.putArray("shards");
        for (int i = 0; i < shardCount; i++) {
            shards.addObject().put("id", "shard-" + i).put("url", "jdbc:sqlite:shard-" + i + ".db");
        }
        ObjectNode orders = root.putArray("tables").addObject();
        orders.put("name", "orders").put("shardKey", "customer_id");
        orders.putArray("primaryKey").add("id");
        Path file = dir.resolve(fileName);
        Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + System.lineSeparator());
        return file;
    }

    private static void deleteIfPresent(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + "-wal"));
        Files.deleteIfExists(Path.of(file + "-shm"));
    }
}
