package org.reshard.ui.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reshard.testing.Await;
import org.reshard.testing.DemoConsole;

/** The Topologies screen's view-model: each shard checked, and an invalid file's problems with their JSON path. */
class TopologiesViewModelTest {

    @TempDir
    Path home;

    private DemoConsole console;
    private TopologiesViewModel model;

    @BeforeEach
    void open() {
        console = DemoConsole.open(home);
        model = console.main().topologies();
    }

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void theDemoShardsAreCheckedAndCounted() throws Exception {
        console.openDemo();
        // Each topology's shards are checked on their own; wait for both, or the current one may still be unchecked.
        Await.until(DemoConsole.WAIT, () -> model.target().shards().stream().allMatch(ShardRow::reachable)
                && model.current().shards().stream().allMatch(ShardRow::reachable)
                && !model.current().shards().getFirst().rows().isEmpty());
        assertThat(model.target().shards()).extracting(ShardRow::id).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(model.target().shards().get(2).rows()).isEqualTo("orders: no table");
        assertThat(model.current().shards().getFirst().rows()).startsWith("orders: 1,");
    }

    @Test
    void anInvalidTopologyListsItsProblemsWithTheirPath() throws Exception {
        Path bad = home.resolve("bad.json");
        Files.writeString(bad, "{\"name\": \"x\", \"registry\": \"jdbc:sqlite:r.db\", \"routing\": {\"strategy\": \"hash-range\", \"ranges\": \"equal\"},"
                + " \"shards\": [], \"tables\": [{\"name\": \"t\", \"shardKey\": \"k\"}]}");
        model.current().open(bad);
        // The problems and the summary are set one after the other on the UI thread: wait for both.
        Await.until(DemoConsole.WAIT, () -> !model.current().problems().isEmpty() && !model.current().summaryProperty().get().startsWith("Loading"));
        assertThat(String.join("\n", model.current().problems())).contains("$.shards", "$.tables[0].primaryKey");
        assertThat(model.current().summaryProperty().get()).contains("invalid", "2 problems");
    }
}
