package org.reshard.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A created demo workspace: its folder, files and how many rows each shard got. */
public record DemoWorkspace(Path dir, Path oldTopology, Path newTopology, Path registry, List<ShardFile> shards) {

    /** One SQLite shard file and its row count. */
    public record ShardFile(String id, Path file, long rows) {
    }

    public static final String OLD_TOPOLOGY = "old.json";
    public static final String NEW_TOPOLOGY = "new.json";
    public static final String REGISTRY = "registry.db";

    public DemoWorkspace {
        shards = List.copyOf(shards);
    }

    /** True when the folder already holds a demo workspace (its topology files). */
    public static boolean existsIn(Path dir) {
        return Files.exists(dir.resolve(OLD_TOPOLOGY)) || Files.exists(dir.resolve(NEW_TOPOLOGY));
    }

    public long totalRows() {
        return shards.stream().mapToLong(ShardFile::rows).sum();
    }
}
